namespace ConflictClient.Merging;

/// <summary>Keeps the server's state and drops my write.</summary>
internal sealed class ServerWinsMergeStrategy : MergeStrategy
{
    internal override ValueTask<MergeDecision> MergeAsync(MergeInput input) => ValueTask.FromResult(MergeDecision.AcceptRemote());
}
