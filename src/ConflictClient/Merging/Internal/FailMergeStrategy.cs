namespace ConflictClient.Merging;

/// <summary>Merges nothing: the conflict goes back to the caller with the server's state.</summary>
internal sealed class FailMergeStrategy : MergeStrategy
{
    internal override ValueTask<MergeDecision> MergeAsync(MergeInput input) =>
        ValueTask.FromResult(MergeDecision.GiveUp("MergeStrategy.Fail merges nothing; the caller decides"));
}
