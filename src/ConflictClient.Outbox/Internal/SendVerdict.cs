namespace ConflictClient.Outbox.Internal;

/// <summary>What one send of a queued write proved.</summary>
internal enum SendVerdict
{
    /// <summary>Applied exactly once.</summary>
    Applied,

    /// <summary>Not applied, for good: the write ends.</summary>
    NotApplied,

    /// <summary>May have been applied, and nothing proves whether: the write ends, told so.</summary>
    OutcomeUnknown,

    /// <summary>Not applied: a person decides.</summary>
    Park,

    /// <summary>The server was not reached and none of this send left: back in the queue, as it was.</summary>
    OfflineNotSent,

    /// <summary>The connection failed after the send may have left: back in the queue, to be resent only with proof.</summary>
    OfflineMayHaveLeft,

    /// <summary>
    /// The server answered that it could not act now (408, 429, 5xx), possibly after applying it: back in the queue, to
    /// be resent only with proof, after the rest; it ends once it met <see cref="ConflictOutboxOptions.MaxServerErrors"/>.
    /// </summary>
    ServerError,
}
