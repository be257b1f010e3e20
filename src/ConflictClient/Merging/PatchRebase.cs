using System.Text.Json.Nodes;
using ConflictClient.Json;

namespace ConflictClient.Merging;

/// <summary>
/// A PATCH body is a patch, not a document: on a version conflict it is rebased onto the latest state. It is re-sent
/// unchanged, with the new version, when the paths it touches did not change on the server since the base; the paths
/// that did are conflicts, for the merge strategy to settle. Pure functions, unit-tested.
/// </summary>
internal static class PatchRebase
{
    /// <summary>What kind of patch a write carries: JSON Merge Patch (RFC 7396) or JSON Patch (RFC 6902); null when it is no patch.</summary>
    public static PatchKind? KindOf(HttpMethod method, string? mediaType) =>
        method != HttpMethod.Patch ? null
        : string.Equals(mediaType, "application/json-patch+json", StringComparison.OrdinalIgnoreCase) ? PatchKind.JsonPatch
        : string.Equals(mediaType, "application/merge-patch+json", StringComparison.OrdinalIgnoreCase) || string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase) ? PatchKind.MergePatch
        : null;

    /// <summary>The JSON Pointers a patch writes: a merge patch's leaves (objects are recursed into), a JSON Patch's paths.</summary>
    public static IReadOnlyList<string> TouchedPaths(PatchKind kind, JsonNode? patch)
    {
        var paths = new List<string>();
        if (kind == PatchKind.MergePatch)
        {
            // A merge patch that is not an object (an array, a JSON Patch sent as application/json) replaces the whole document.
            if (patch is JsonObject)
            {
                CollectLeaves(patch, string.Empty, paths);
            }
            else
            {
                paths.Add(string.Empty);
            }
        }
        else if (patch is JsonArray operations)
        {
            foreach (var operation in operations.OfType<JsonObject>())
            {
                foreach (var member in (ReadOnlySpan<string>)["path", "from"])
                {
                    if (operation[member] is JsonValue value && value.TryGetValue<string>(out var path))
                    {
                        paths.Add(path);
                    }
                }
            }
        }

        return paths;
    }

    /// <summary>
    /// The conflicts of <paramref name="touched"/>: each path whose value on the server differs from the base's. Without
    /// a base nothing tells what changed, so every touched path where the server's value differs from the patch's is one.
    /// </summary>
    public static IReadOnlyList<JsonMergeConflict> Conflicts(IReadOnlyList<string> touched, JsonNode? patch, PatchKind kind, JsonNode? baseDocument, bool hasBase, JsonNode? remote)
    {
        var conflicts = new List<JsonMergeConflict>();
        foreach (var path in touched.Distinct(StringComparer.Ordinal))
        {
            if (!JsonPointer.TryParse(path, out var pointer, out _))
            {
                continue;
            }

            // An ancestor whose kind changed on the server (an object became a value) is changed by the patch too.
            if (AncestorChanged(pointer, hasBase ? baseDocument : patch, remote))
            {
                conflicts.Add(new JsonMergeConflict(path, hasBase ? Value(pointer, baseDocument) : default, default, Value(pointer, remote)) { Resolution = JsonMergeResolutionKind.Unresolved });
                continue;
            }

            var inRemote = Value(pointer, remote);
            var inBase = hasBase ? Value(pointer, baseDocument) : default;
            // In a merge patch, null means "remove": the state it asks for is "missing".
            var mine = kind == PatchKind.MergePatch && Value(pointer, patch) is { Exists: true, Value: not null } value ? value : default;
            var changed = hasBase ? !Same(inBase, inRemote) : !Same(mine, inRemote);
            if (changed)
            {
                conflicts.Add(new JsonMergeConflict(path, inBase, mine, inRemote) { Resolution = JsonMergeResolutionKind.Unresolved });
            }
        }

        return conflicts;
    }

    private static bool AncestorChanged(JsonPointer pointer, JsonNode? before, JsonNode? remote)
    {
        for (var depth = 0; depth < pointer.Segments.Count; depth++)
        {
            JsonNode? a = before, r = remote;
            var found = (true, true);
            if (depth > 0 && JsonPointer.TryParse(string.Concat(pointer.Segments.Take(depth).Select(segment => "/" + JsonPointer.Escape(segment))), out var ancestor, out _))
            {
                found = (ancestor.TryGet(before, out a), ancestor.TryGet(remote, out r));
            }

            var wasObject = found.Item1 && a is JsonObject or JsonArray;
            var isObject = found.Item2 && r is JsonObject or JsonArray;
            if (wasObject && !isObject && r is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static void CollectLeaves(JsonNode? node, string path, List<string> paths)
    {
        if (node is JsonObject obj && obj.Count > 0)
        {
            foreach (var (name, child) in obj)
            {
                CollectLeaves(child, $"{path}/{JsonPointer.Escape(name)}", paths);
            }
        }
        else if (path.Length > 0)
        {
            paths.Add(path);
        }
    }

    private static JsonMergeValue Value(JsonPointer pointer, JsonNode? document) =>
        pointer.TryGet(document, out var value) ? new JsonMergeValue(exists: true, value?.DeepClone()) : default;

    private static bool Same(JsonMergeValue a, JsonMergeValue b) => a.Exists == b.Exists && JsonNode.DeepEquals(a.Value, b.Value);
}
