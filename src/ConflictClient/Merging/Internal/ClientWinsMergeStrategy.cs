namespace ConflictClient.Merging;

/// <summary>Re-sends my body as it is; only the version changes.</summary>
internal sealed class ClientWinsMergeStrategy : MergeStrategy
{
    internal override ValueTask<MergeDecision> MergeAsync(MergeInput input) => ValueTask.FromResult(MergeDecision.WriteBytes(input.LocalBody));
}
