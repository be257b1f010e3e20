using ConflictClient.Merging;

namespace ConflictClient.Conflicts;

/// <summary>A queued re-apply waiting for a leader to write it, its caller's cancellation, and where its outcome goes.</summary>
internal sealed class PendingChange(ReapplyChange change, CancellationToken cancellationToken)
{
    public ReapplyChange Change => change;

    /// <summary>Gets the caller's token: it withdraws the change only while it is still queued.</summary>
    public CancellationToken CancellationToken => cancellationToken;

    public TaskCompletionSource<GroupCommitResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
