using ConflictClient.Conflicts;

namespace ConflictClient.Testing;

/// <summary>
/// Fair (FIFO) turns kept in memory, for tests of code that runs with <see cref="ConflictResolutionStrategyOptions.Turns"/>
/// (as <c>ConflictClient.Redis</c> gives a fleet): writers of one process, or of several clients sharing this instance,
/// take turns per resource key in the order they asked. No lease: a turn lasts until it is released.
/// </summary>
public sealed class InMemoryConflictTurns : ConflictTurns
{
    private readonly Dictionary<string, Line> _lines = new(StringComparer.Ordinal);
    private int _taken;

    /// <summary>Gets how many turns were given, in all.</summary>
    public int Taken => Volatile.Read(ref _taken);

    /// <summary>Gets or sets a value indicating whether turns are refused (<see langword="null"/>), as when a store is down.</summary>
    public bool Unavailable { get; set; }

    /// <inheritdoc />
    public override async ValueTask<ConflictTurn?> TakeTurnAsync(ConflictTurnArguments arguments)
    {
        if (Unavailable)
        {
            return null;
        }

        var waiter = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            var line = _lines.TryGetValue(arguments.Key, out var found) ? found : _lines[arguments.Key] = new Line();
            if (!line.Held)
            {
                line.Held = true;
                waiter.SetResult(line.Version);
            }
            else
            {
                line.Waiting.Enqueue(waiter);
            }
        }

        // A waiter that gives up is skipped when the turn is handed on; one handed the turn first keeps it.
        string? previous;
        using (arguments.CancellationToken.Register(() => waiter.TrySetCanceled(arguments.CancellationToken)))
        {
            previous = await waiter.Task.ConfigureAwait(false);
        }

        Interlocked.Increment(ref _taken);
        return new Turn(this, arguments.Key, previous);
    }

    private void Release(string key, string? writtenVersion)
    {
        lock (_lines)
        {
            var line = _lines[key];
            line.Version = writtenVersion;
            while (line.Waiting.TryDequeue(out var next))
            {
                if (next.TrySetResult(writtenVersion))
                {
                    return; // handed on
                }
            }

            line.Held = false;
        }
    }

    private sealed class Line
    {
        public bool Held { get; set; }

        public string? Version { get; set; }

        public Queue<TaskCompletionSource<string?>> Waiting { get; } = new();
    }

    private sealed class Turn(InMemoryConflictTurns owner, string key, string? previousVersion) : ConflictTurn
    {
        private int _released;

        public override string? PreviousVersion => previousVersion;

        public override ValueTask ReleaseAsync(string? writtenVersion)
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(key, writtenVersion);
            }

            return ValueTask.CompletedTask;
        }
    }
}
