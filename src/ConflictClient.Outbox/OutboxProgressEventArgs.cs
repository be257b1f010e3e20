namespace ConflictClient.Outbox;

/// <summary>A step of a queued write: enqueued, being sent, back in the queue (offline), parked, or ended (see <see cref="OutboxEntry.State"/>).</summary>
/// <param name="entry">The entry after the step.</param>
public sealed class OutboxProgressEventArgs(OutboxEntry entry) : EventArgs
{
    /// <summary>Gets the entry after the step.</summary>
    public OutboxEntry Entry { get; } = entry ?? throw new ArgumentNullException(nameof(entry));
}
