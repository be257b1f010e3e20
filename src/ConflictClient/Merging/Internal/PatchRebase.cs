using System.Text.Json.Nodes;
using ConflictClient.Json;

namespace ConflictClient.Merging;

/// <summary>
/// A PATCH body is a patch, not a document: on a version conflict it is rebased onto the latest state. The patch is
/// applied, as the server will apply it, to the base (mine) and to the server's state (the result). It is re-sent
/// unchanged only when that result keeps every change another writer made since the base and contains every change the
/// patch made to the base; each location where it does not is a conflict. Pure functions, unit-tested.
/// </summary>
/// <remarks>
/// This decides by the result, not by the paths the patch names, so whole-document patches (the empty path, a merge
/// patch that is not an object), members written under a parent another writer replaced or deleted, and array indexes
/// shifted by another writer's insertion are all caught. Without a base nothing tells what others changed, so every
/// location where the patch would change the server's state is a conflict.
/// </remarks>
internal static class PatchRebase
{
    /// <summary>What kind of patch a write carries: JSON Merge Patch (RFC 7396) or JSON Patch (RFC 6902); null when it is no patch.</summary>
    public static PatchKind? KindOf(HttpMethod method, string? mediaType) =>
        method != HttpMethod.Patch ? null
        : string.Equals(mediaType, "application/json-patch+json", StringComparison.OrdinalIgnoreCase) ? PatchKind.JsonPatch
        : string.Equals(mediaType, "application/merge-patch+json", StringComparison.OrdinalIgnoreCase) || string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase) ? PatchKind.MergePatch
        : null;

    /// <summary>
    /// Rebases <paramref name="patch"/> onto <paramref name="remote"/>. <paramref name="serverManaged"/> are JSON
    /// Pointers (<c>*</c> matching any segment) of fields the server manages, such as the version: never conflicts.
    /// </summary>
    public static PatchRebaseResult Rebase(PatchKind kind, JsonNode? patch, JsonNode? baseDocument, bool hasBase, JsonNode? remote, IReadOnlyList<string> serverManaged)
    {
        IReadOnlyList<JsonPatchOperation>? operations = null;
        if (kind == PatchKind.JsonPatch && !JsonPatch.TryParse(patch, out operations, out var invalid))
        {
            return PatchRebaseResult.Invalid($"the JSON Patch is malformed: {invalid}");
        }

        var managed = new JsonPathPatterns(serverManaged);
        var conflicts = new List<JsonMergeConflict>();
        if (!TryApply(kind, patch, operations, remote, out var result, out var error))
        {
            // The patch no longer applies to the server's state: the server would refuse it; nothing is re-sent.
            conflicts.Add(Conflict(JsonPointer.Root, hasBase ? baseDocument : null, hasBase, null, remote, unapplied: true));
            return new PatchRebaseResult(conflicts, null) { Detail = error };
        }

        if (!hasBase)
        {
            foreach (var location in JsonDifference.Between(remote, result).Where(p => !managed.Covers(p)))
            {
                conflicts.Add(Conflict(location, null, hasBase: false, result, remote));
            }

            return new PatchRebaseResult(conflicts, null);
        }

        if (!TryApply(kind, patch, operations, baseDocument, out var mine, out error))
        {
            // The patch does not apply to the state it was made from: nothing tells what it means now.
            conflicts.Add(Conflict(JsonPointer.Root, baseDocument, hasBase: true, null, remote, unapplied: true));
            return new PatchRebaseResult(conflicts, null) { Detail = error };
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (location, expected) in JsonDifference.Between(baseDocument, remote).Select(p => (p, remote))
            .Concat(JsonDifference.Between(baseDocument, mine).Select(p => (p, mine))))
        {
            if (!managed.Covers(location) && !Same(location, result, expected) && seen.Add(location.Text))
            {
                conflicts.Add(Conflict(location, baseDocument, hasBase: true, mine, remote));
            }
        }

        return new PatchRebaseResult(conflicts, null);
    }

    private static bool TryApply(PatchKind kind, JsonNode? patch, IReadOnlyList<JsonPatchOperation>? operations, JsonNode? document, out JsonNode? result, out string? error)
    {
        if (kind == PatchKind.MergePatch)
        {
            (result, error) = (JsonMergePatch.Apply(document, patch), null);
            return true;
        }

        return JsonPatch.TryApply(document, operations!, out result, out error);
    }

    private static bool Same(JsonPointer location, JsonNode? a, JsonNode? b)
    {
        var (inA, inB) = (location.TryGet(a, out var x), location.TryGet(b, out var y));
        return inA == inB && (!inA || JsonNode.DeepEquals(x, y));
    }

    private static JsonMergeConflict Conflict(JsonPointer location, JsonNode? baseDocument, bool hasBase, JsonNode? local, JsonNode? remote, bool unapplied = false) =>
        new(location.Text, hasBase ? Value(location, baseDocument) : default, unapplied ? default : Value(location, local), Value(location, remote))
        {
            Resolution = JsonMergeResolutionKind.Unresolved,
        };

    private static JsonMergeValue Value(JsonPointer location, JsonNode? document) =>
        location.TryGet(document, out var value) ? new JsonMergeValue(exists: true, value?.DeepClone()) : default;
}
