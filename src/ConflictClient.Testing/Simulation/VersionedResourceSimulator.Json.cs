using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConflictClient.Testing;

/// <summary>The JSON the simulator reads and writes.</summary>
public sealed partial class VersionedResourceSimulator
{
    /// <summary>Applies a JSON merge patch (RFC 7396): null removes a member, an object merges, anything else replaces.</summary>
    private static JsonObject MergePatch(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch.ToList())
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject nested)
            {
                target[name] = MergePatch(target[name] as JsonObject ?? [], nested);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }

        return target;
    }

    private static JsonObject? ParseObject(string? body)
    {
        try
        {
            return JsonNode.Parse(body ?? string.Empty) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
