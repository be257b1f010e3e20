using ConflictClient.Reporting;

namespace ConflictClient.Conflicts;

/// <summary>
/// Observes what conflict resolution did for the writes made while the scope is active, including through Refit
/// methods that return only the deserialized body (<c>Task&lt;T&gt;</c>).
/// </summary>
/// <example>
/// <code>
/// using var scope = ConflictResolutionScope.Begin();
/// var todo = await api.UpdateAsync(1, edited);
/// if (scope.Outcome == ConflictOutcome.ServerWon) { /* my change was not applied; todo is the server's state */ }
/// </code>
/// </example>
/// <remarks>
/// The scope flows with the async context, so it sees writes awaited inside it. When several writes run in one scope,
/// the properties describe the one that completed last; use one scope per logical write to read each outcome.
/// </remarks>
public sealed class ConflictResolutionScope : IDisposable
{
    private static readonly AsyncLocal<ConflictResolutionScope?> CurrentScope = new();
    private readonly ConflictResolutionScope? _parent;
    private int _conflicts;

    private ConflictResolutionScope(ConflictResolutionScope? parent) => _parent = parent;

    /// <summary>Gets the outcome of the last guarded write completed in this scope.</summary>
    public ConflictOutcome Outcome { get; private set; }

    /// <summary>Gets how many times the last guarded write was sent.</summary>
    public int Attempts { get; private set; }

    /// <summary>Gets the version (ETag) of the state the last guarded write ended with, when the server sent one.</summary>
    public string? EntityTag { get; private set; }

    /// <summary>Gets how many conflicts all guarded writes in this scope met.</summary>
    public int Conflicts => Volatile.Read(ref _conflicts);

    internal static ConflictResolutionScope? Current => CurrentScope.Value;

    /// <summary>Starts a scope; dispose it to end it.</summary>
    /// <returns>The new scope.</returns>
    public static ConflictResolutionScope Begin()
    {
        var scope = new ConflictResolutionScope(CurrentScope.Value);
        CurrentScope.Value = scope;
        return scope;
    }

    /// <summary>Ends the scope.</summary>
    public void Dispose()
    {
        if (CurrentScope.Value == this)
        {
            CurrentScope.Value = _parent;
        }
    }

    internal void RecordConflict() => Interlocked.Increment(ref _conflicts);

    /// <summary>
    /// Gets what happened to the last guarded write, for the person whose change it was, when it met a conflict: a
    /// headline and, per field someone changed, what it was, what this client wrote, what they wrote and what was kept.
    /// </summary>
    public ConflictReport? Report { get; private set; }

    internal void RecordCompletion(ConflictOutcome outcome, int attempts, string? entityTag, ConflictReport? report = null)
    {
        Outcome = outcome;
        Attempts = attempts;
        EntityTag = entityTag;
        Report = report;
    }
}
