namespace ConflictClient.Redis.Internal;

/// <summary>How a request for a turn ended (the <c>conflictclient.turn.result</c> tag).</summary>
internal enum TurnResult
{
    /// <summary>The writer got its turn.</summary>
    Granted,

    /// <summary>Redis is not connected, or failed lately: no turn was asked for.</summary>
    Unavailable,

    /// <summary>The turn did not come within <c>MaxWait</c>.</summary>
    WaitedTooLong,

    /// <summary>Redis failed or was too slow while the writer waited.</summary>
    Failed,
}
