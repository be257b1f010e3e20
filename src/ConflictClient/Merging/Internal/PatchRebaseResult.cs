using ConflictClient.Json;

namespace ConflictClient.Merging;

/// <summary>What rebasing a patch found: the conflicting locations (none: re-send it as it is), or why the patch is invalid.</summary>
/// <param name="Conflicts">Each location where re-sending the patch would lose another writer's change or not make mine.</param>
/// <param name="InvalidReason">Why the patch cannot be read as its media type says; null when it can.</param>
internal readonly record struct PatchRebaseResult(IReadOnlyList<JsonMergeConflict> Conflicts, string? InvalidReason)
{
    /// <summary>Gets why the patch no longer applies (to the server's state or to its base), when that is the conflict.</summary>
    public string? Detail { get; init; }

    public static PatchRebaseResult Invalid(string reason) => new([], reason);
}
