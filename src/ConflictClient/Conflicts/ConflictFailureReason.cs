namespace ConflictClient.Conflicts;

/// <summary>Why a write guarded by conflict resolution failed. Carried by <see cref="ConflictException.Reason"/>.</summary>
public enum ConflictFailureReason
{
    /// <summary>Not set: the default of a value no failure produced (a <see cref="ConflictException"/> always has a reason).</summary>
    None,

    /// <summary>Every attempt met a conflict; <see cref="ConflictRetryOptions.MaxAttempts"/> were spent.</summary>
    AttemptsExhausted,

    /// <summary>The merge strategy gave up (a custom merge returned <c>GiveUp</c>).</summary>
    MergeGaveUp,

    /// <summary>The merge strategy threw; the cause is the <see cref="Exception.InnerException"/>.</summary>
    MergeFailed,

    /// <summary>A three-way merge left conflicts unresolved; <see cref="ConflictException.MergeConflicts"/> lists them.</summary>
    MergeUnresolved,

    /// <summary>A create met a resource that exists already, under <see cref="DuplicatePolicy.Fail"/>: a <see cref="DuplicateResourceException"/>.</summary>
    Duplicate,

    /// <summary>A business rule refused the write (<see cref="ConflictKind.BusinessRule"/>); it was sent once and not retried.</summary>
    BusinessRule,

    /// <summary>Nothing told what the conflict meant (<see cref="ConflictKind.Unknown"/>); it was sent once and not retried.</summary>
    Unclassified,

    /// <summary>The server required a precondition (428) again after the write was re-sent with the current version.</summary>
    PreconditionRequired,

    /// <summary>The server refused the Idempotency-Key as used before with another payload (422).</summary>
    IdempotencyKeyReused,

    /// <summary>The current representation carried no version token where the configured version source looks.</summary>
    VersionTokenMissing,

    /// <summary>A representation that had to be read as JSON (the request body or the server's) was not valid JSON.</summary>
    InvalidRepresentation,

    /// <summary>A body was larger than <see cref="ConflictResolutionStrategyOptions.MaxBodySize"/>.</summary>
    BodyTooLarge,

    /// <summary>Fetching the current representation did not succeed (for example 404 after another writer deleted it).</summary>
    RefetchFailed,

    /// <summary>The resource locator pointed at another scheme, host or port (or a re-fetch was redirected there); its state was not used.</summary>
    CrossOriginRefetch,

    /// <summary>
    /// An earlier send of the write may have been applied (its response was lost and a transient retry sent it again,
    /// or a retry failed in transport after it went out), and nothing proves whether it was. The write was not merged
    /// or sent again, since that could apply it twice. The server's current state is in
    /// <see cref="ConflictException.RemoteContent"/> when it could be read. An <c>Idempotency-Key</c> on the write lets
    /// the server answer a resend, which makes this outcome rare.
    /// </summary>
    OutcomeUnknown,

    /// <summary>
    /// The write failed in transport before any of it reached the server (for example, the connection was refused or a
    /// circuit breaker was open), so it was not applied. The cause is the <see cref="Exception.InnerException"/>.
    /// </summary>
    SendFailed,

    /// <summary>
    /// The write was applied, exactly once, but the caller cancelled before it was handed the answer. It is not a
    /// failure of the write: do not send it again. A cancelled write is reported this way, rather than as an
    /// <see cref="OperationCanceledException"/>, whenever it is known to be on the server, so that an
    /// <see cref="OperationCanceledException"/> from a guarded write always means it was not applied.
    /// </summary>
    CanceledAfterApplied,

    /// <summary>
    /// The server refused the write's version although that version is still the current one: nobody changed the
    /// resource, so merging and sending again would only be refused again. A weak ETag in <c>If-Match</c> (which never
    /// matches, RFC 9110), or a refusal for another reason than versions. Not applied; the server's state is in
    /// <see cref="ConflictException.RemoteContent"/>.
    /// </summary>
    VersionUnchanged,
}
