namespace ConflictClient.Conflicts;

/// <summary>What the retry plan knows of one conflict.</summary>
/// <param name="Kind">What the conflict means.</param>
/// <param name="Attempt">How many times the write was sent, this one included.</param>
/// <param name="IsCreate">Whether the write is a POST.</param>
/// <param name="RetryAfter">The server's Retry-After, when honoured.</param>
/// <param name="CarriesState">Whether the conflict response carries the current state and the options say to use it.</param>
/// <param name="StartedUnverified">Whether the write started from a state this client never checked (a group's batch built on a caller's state): its first version conflict may be with this client's own earlier write, so it is read at once.</param>
/// <param name="HoldsTurn">Whether the writer holds its turn at the resource: writers that take turns wait for it, so a version conflict is read and merged at once.</param>
/// <param name="MergesDuplicate">Whether a duplicate create is merged into the existing resource (and so written again).</param>
/// <param name="TimeLeft">What is left of the write's time budget (<c>MaxResolutionTime</c> from its first conflict); zero or less when spent.</param>
internal readonly record struct RetryInput(
    ConflictKind Kind,
    int Attempt,
    bool IsCreate,
    TimeSpan? RetryAfter,
    bool CarriesState,
    bool StartedUnverified,
    bool HoldsTurn,
    bool MergesDuplicate,
    TimeSpan TimeLeft);
