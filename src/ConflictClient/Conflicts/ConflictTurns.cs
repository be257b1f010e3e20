namespace ConflictClient.Conflicts;

/// <summary>
/// A shared order for the writers of one resource across processes (for example <c>ConflictClient.Redis</c>): a writer
/// takes a turn before it writes a resource this client saw contended, and gives it back when its write ends.
/// </summary>
/// <remarks>
/// Turns are advisory, never the guard: the server's version check still decides every write. A provider that cannot
/// give a turn in time (its store is slow, down or unreachable) returns <see langword="null"/>, and the write goes on as
/// an independent one. A write takes a turn only once its resource met a version conflict in this client, so an
/// uncontended write never waits for one.
/// </remarks>
public abstract class ConflictTurns
{
    /// <summary>Waits for the writer's turn at the resource <paramref name="arguments"/> names.</summary>
    /// <param name="arguments">The resource's key and the write's context.</param>
    /// <returns>The turn, released by the strategy when the write ends; or <see langword="null"/> to write without one.</returns>
    /// <remarks>Implementations must bound the wait and must not throw for their store's failures: they return <see langword="null"/>.</remarks>
    public abstract ValueTask<ConflictTurn?> TakeTurnAsync(ConflictTurnArguments arguments);
}
