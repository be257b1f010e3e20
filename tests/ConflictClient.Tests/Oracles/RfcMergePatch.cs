using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConflictClient.Tests.Oracles;

/// <summary>
/// An independent RFC 7396 (JSON Merge Patch) applier: the §2 MergePatch pseudo-code,
/// line for line, over a deep clone. Never mutates its inputs.
/// </summary>
internal static class RfcMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch) => MergePatch(target?.DeepClone(), patch);

    // define MergePatch(Target, Patch):
    private static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        // if Patch is an Object:
        if (patch is JsonObject patchObject)
        {
            // if Target is not an Object: Target = {}  (ignore the contents)
            var targetObject = target as JsonObject ?? new JsonObject();

            // for each Name/Value pair in Patch:
            foreach (var (name, value) in patchObject)
            {
                // if Value is null: if Name exists in Target: remove the Name/Value pair from Target
                if (IsNull(value))
                {
                    targetObject.Remove(name);
                    continue;
                }

                // else: Target[Name] = MergePatch(Target[Name], Value)
                targetObject.TryGetPropertyValue(name, out var current);
                var merged = MergePatch(current, value);
                if (!ReferenceEquals(merged, current))
                {
                    targetObject[name] = merged;
                }
            }

            // return Target
            return targetObject;
        }

        // else: return Patch
        return patch?.DeepClone();
    }

    private static bool IsNull(JsonNode? node) => node is null || node.GetValueKind() == JsonValueKind.Null;
}
