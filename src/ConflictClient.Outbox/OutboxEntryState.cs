namespace ConflictClient.Outbox;

/// <summary>Where a queued write is in its life.</summary>
public enum OutboxEntryState
{
    /// <summary>Not set: the default of a value no entry has.</summary>
    None,

    /// <summary>Stored, waiting to be sent (again, after the server could not be reached).</summary>
    Queued,

    /// <summary>The sender recorded that it is sending it; found so after a restart, it may have left before the crash.</summary>
    Sending,

    /// <summary>Waiting for a person (a conflict no rule decides): see <see cref="ConflictOutbox.ResolveAsync"/>.</summary>
    Parked,

    /// <summary>Ended: <see cref="OutboxEntry.Outcome"/> says how. Pruned after <see cref="ConflictOutboxOptions.CompletedRetention"/>.</summary>
    Ended,
}
