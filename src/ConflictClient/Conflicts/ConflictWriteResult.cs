using ConflictClient.Reporting;

namespace ConflictClient.Conflicts;

/// <summary>
/// How one guarded write ended, filled in by the strategy when it ends successfully (a failure is a
/// <see cref="ConflictException"/>, which carries the same). Pass one with the request under
/// <see cref="ConflictRequestOptions.Result"/> to read it, or read it from the response with
/// <see cref="ConflictRequestOptions.GetConflictWriteResult"/>.
/// </summary>
/// <example>
/// <code>
/// var result = new ConflictWriteResult();
/// var todo = await api.UpdateAsync(1, edited, etag, result); // [Property(ConflictRequestOptions.ResultKey)] ConflictWriteResult result
/// if (result.Outcome == ConflictOutcome.ServerWon) { /* my change was not applied; todo is the server's state */ }
/// </code>
/// </example>
public sealed class ConflictWriteResult
{
    /// <summary>Gets how the write ended; <see cref="ConflictOutcome.None"/> until it ended successfully.</summary>
    public ConflictOutcome Outcome { get; private set; }

    /// <summary>Gets how many times the write was sent.</summary>
    public int Attempts { get; private set; }

    /// <summary>Gets how many conflicts the write met.</summary>
    public int Conflicts { get; private set; }

    /// <summary>Gets the version (ETag) of the state the write ended with, when the server sent one.</summary>
    public string? EntityTag { get; private set; }

    /// <summary>
    /// Gets what happened, for the person whose change it was, when the write met a conflict: a headline and, per field
    /// someone changed, what it was, what this client wrote, what they wrote and what was kept.
    /// </summary>
    /// <remarks>Built when first read: a caller that never asks pays nothing for it.</remarks>
    public ConflictReport? Report => _report ??= _makeReport?.Invoke();

    private ConflictReport? _report;
    private Func<ConflictReport?>? _makeReport;

    internal void Complete(ConflictOutcome outcome, int attempts, int conflicts, string? entityTag, Func<ConflictReport?>? makeReport = null)
    {
        Outcome = outcome;
        Attempts = attempts;
        Conflicts = conflicts;
        EntityTag = entityTag;
        _report = null;
        _makeReport = makeReport;
    }
}
