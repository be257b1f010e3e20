using ConflictClient.Merging;

namespace ConflictClient.Conflicts;

/// <summary>A queued re-apply waiting for a leader to write it, and where its outcome goes.</summary>
internal sealed class PendingChange(ReapplyChange change)
{
    public ReapplyChange Change => change;

    public TaskCompletionSource<GroupCommitResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
