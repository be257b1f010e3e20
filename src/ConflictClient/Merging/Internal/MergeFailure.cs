using System.Text.Json;
using ConflictClient.Json;

namespace ConflictClient.Merging;

/// <summary>
/// Why a merge could not produce a body, raised inside the merging layer and turned into the write's typed
/// <c>ConflictException</c> by the engine: a body that is not JSON, or conflicts left unresolved.
/// </summary>
internal sealed class MergeFailure : Exception
{
    private MergeFailure(string message, Exception? cause)
        : base(message, cause)
    {
    }

    /// <summary>Gets which body could not be read (for <see cref="IsInvalidRepresentation"/>).</summary>
    public string? Which { get; private init; }

    public bool IsInvalidRepresentation => Which is not null;

    /// <summary>Gets the conflicts left unresolved (empty for an invalid representation).</summary>
    public IReadOnlyList<JsonMergeConflict> Conflicts { get; private init; } = [];

    /// <summary>Gets a value indicating whether a base was known when the conflicts were found.</summary>
    public bool HasBase { get; private init; }

    /// <summary>Gets why a patch no longer applies, when that is the conflict.</summary>
    public string? Detail { get; private init; }

    public static MergeFailure Invalid(string which, JsonException cause) =>
        new($"{which} is not valid JSON.", cause) { Which = which };

    public static MergeFailure Unresolved(IReadOnlyList<JsonMergeConflict> conflicts, bool hasBase, string? detail = null) =>
        new($"{conflicts.Count} conflict(s) left unresolved.", null) { Conflicts = conflicts, HasBase = hasBase, Detail = detail };
}
