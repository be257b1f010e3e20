namespace ConflictClient.Conflicts;

/// <summary>What a conflict-like response to a write means, and so how it is answered.</summary>
public enum ConflictKind
{
    /// <summary>Not set: the default of a value no classification produced.</summary>
    None,

    /// <summary>Another writer changed the resource (409/412 against my version): fetch, merge and retry.</summary>
    VersionConflict = 1,

    /// <summary>The resource I create exists already (409 on POST, 412 on a create sent with <c>If-None-Match: *</c>): the duplicate policy applies.</summary>
    Duplicate,

    /// <summary>A request with this Idempotency-Key is still being processed (409): wait and send it again, unmerged.</summary>
    InFlight,

    /// <summary>A business rule refused the write (e.g. "account locked"): never retried; a typed error with the problem details.</summary>
    BusinessRule,

    /// <summary>428 Precondition Required: fetch the current version and send the write again conditionally, once.</summary>
    PreconditionRequired,

    /// <summary>422: the Idempotency-Key was used before with another payload; a typed error.</summary>
    IdempotencyKeyReused,

    /// <summary>Nothing tells what the conflict means: not retried; a typed error with what the server said.</summary>
    Unknown,

    /// <summary>
    /// The write lost a race that did not depend on its version ("transaction aborted", "concurrent modification", "too
    /// much contention"): it was not applied, and is run again from a fresh read of the current state (merged by the
    /// strategy, sent with the same preconditions it had). Without a way to read the state (a POST that no
    /// <see cref="ConflictRequestSettings.Read"/> describes), the same request is sent again.
    /// </summary>
    Contention,
}
