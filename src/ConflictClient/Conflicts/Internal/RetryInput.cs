namespace ConflictClient.Conflicts;

/// <summary>What the retry plan knows of one conflict.</summary>
/// <param name="Kind">What the conflict means.</param>
/// <param name="Attempt">How many times the write was sent, this one included.</param>
/// <param name="VersionConflicts">How many version conflicts the write met, this one included.</param>
/// <param name="IsCreate">Whether the write is a POST.</param>
/// <param name="RetryAfter">The server's Retry-After, when honoured.</param>
/// <param name="CarriesState">Whether the conflict response carries the current state and the options say to use it.</param>
/// <param name="MergesDuplicate">Whether a duplicate create is merged into the existing resource (and so written again).</param>
/// <param name="RoundTrip">The observed round trip, for adaptive waits.</param>
/// <param name="ListenWindow">The current quiet window, once listening started.</param>
/// <param name="TimeLeft">What is left of the write's time budget (<c>MaxResolutionTime</c> from its first conflict); zero or less when spent.</param>
internal readonly record struct RetryInput(
    ConflictKind Kind,
    int Attempt,
    int VersionConflicts,
    bool IsCreate,
    TimeSpan? RetryAfter,
    bool CarriesState,
    bool MergesDuplicate,
    TimeSpan RoundTrip,
    TimeSpan? ListenWindow,
    TimeSpan TimeLeft);
