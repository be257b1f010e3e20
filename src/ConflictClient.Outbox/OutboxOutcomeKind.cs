namespace ConflictClient.Outbox;

/// <summary>What became of a queued write: the outbox's promise is that every write ends in one of these, and the app is told which.</summary>
public enum OutboxOutcomeKind
{
    /// <summary>Not ended yet.</summary>
    None,

    /// <summary>Applied on the server exactly once (possibly merged with others' changes first).</summary>
    Applied,

    /// <summary>
    /// Not applied, for the reason in <see cref="OutboxEntry.Reason"/> or <see cref="OutboxEntry.StatusCode"/> (a business
    /// rule, the server's state kept under <c>ServerWins</c>, discarded by a person, …). Sending it again is safe.
    /// </summary>
    NotApplied,

    /// <summary>
    /// A send of it may have been applied and nothing proves whether it was (it left before a crash, or its answer was
    /// lost, and neither an Idempotency-Key nor a precondition could tell). It was not sent again. The server's state
    /// is in <see cref="OutboxEntry.Remote"/> when it could be read: look there before sending it again.
    /// </summary>
    OutcomeUnknown,

    /// <summary>Not applied yet: a conflict waits for a person (<see cref="OutboxOutcome.Report"/>); the rest of the queue goes on.</summary>
    Parked,
}
