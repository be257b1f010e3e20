using System.Text.Json.Nodes;

namespace ConflictClient.Json;

/// <summary>JSON Merge Patch (RFC 7396): applies a merge patch to a copy of a document, as a server would.</summary>
internal static class JsonMergePatch
{
    /// <summary>
    /// RFC 7396 §2's <c>MergePatch(Target, Patch)</c>: an object patch sets its members, recursively, and removes those
    /// it sets to null (a target that is not an object becomes one); any other patch replaces the whole target. The
    /// inputs are never changed.
    /// </summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject members)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject obj ? (JsonObject)obj.DeepClone() : [];
        foreach (var (name, value) in members)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result[name] = Apply(result.TryGetPropertyValue(name, out var current) ? current : null, value);
            }
        }

        return result;
    }
}
