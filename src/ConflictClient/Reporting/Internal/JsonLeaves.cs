using System.Text.Json.Nodes;

namespace ConflictClient.Reporting;

/// <summary>A JSON document as its leaves by JSON Pointer: objects are walked, arrays and scalars are leaves.</summary>
internal static class JsonLeaves
{
    private const int MaxDepth = 16;

    /// <summary>Gets the leaves of <paramref name="node"/>; a present JSON null is kept as a null value.</summary>
    public static Dictionary<string, JsonNode?> Of(JsonNode? node, bool present)
    {
        var leaves = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (present)
        {
            Walk(node, string.Empty, leaves, 0);
        }

        return leaves;
    }

    private static void Walk(JsonNode? node, string path, Dictionary<string, JsonNode?> leaves, int depth)
    {
        if (node is JsonObject obj && depth < MaxDepth && obj.Count > 0)
        {
            foreach (var (name, child) in obj)
            {
                Walk(child, $"{path}/{name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}", leaves, depth + 1);
            }

            return;
        }

        leaves[path] = node;
    }
}
