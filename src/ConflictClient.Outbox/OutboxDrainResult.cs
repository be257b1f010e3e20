namespace ConflictClient.Outbox;

/// <summary>What one <see cref="ConflictOutbox.DrainAsync"/> did.</summary>
/// <param name="Applied">Writes applied.</param>
/// <param name="NotApplied">Writes that ended not applied.</param>
/// <param name="OutcomeUnknown">Writes whose outcome is unknown.</param>
/// <param name="Parked">Writes parked for a person.</param>
/// <param name="Offline">Whether it stopped because the server could not be reached (the rest stays queued).</param>
public readonly record struct OutboxDrainResult(int Applied, int NotApplied, int OutcomeUnknown, int Parked, bool Offline)
{
    /// <summary>Gets whether nothing was sent because another sender (another process, or another outbox on the same store) was sending.</summary>
    public bool AnotherSender { get; init; }

    /// <summary>Gets how many writes the server answered with a server error (408, 429, 5xx): they wait, and are tried again later.</summary>
    public int Deferred { get; init; }
}
