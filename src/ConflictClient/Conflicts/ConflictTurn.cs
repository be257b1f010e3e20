namespace ConflictClient.Conflicts;

/// <summary>A writer's turn at one resource, from <see cref="ConflictTurns.TakeTurnAsync"/>.</summary>
public abstract class ConflictTurn
{
    /// <summary>
    /// Gets the version the previous holder's write ended with (an entity tag, as sent in <c>If-Match</c>), when it told;
    /// <see langword="null"/> when unknown. A write whose own version differs reads the current state before it is sent,
    /// so it does not spend a send on a version that is already stale.
    /// </summary>
    public abstract string? PreviousVersion { get; }

    /// <summary>Gives the turn back; the next writer in line gets it. Must not throw.</summary>
    /// <param name="writtenVersion">The version this write ended with, for the next holder; <see langword="null"/> when unknown or not written.</param>
    /// <returns>A task that completes when the turn was given back, or the attempt to give it back ended.</returns>
    public abstract ValueTask ReleaseAsync(string? writtenVersion);
}
