using System.Globalization;
using System.Text.Json.Nodes;

namespace ConflictClient.Json;

/// <summary>Where two JSON documents differ: each location whose value is not the same on both sides, as deep as both allow.</summary>
internal static class JsonDifference
{
    /// <summary>
    /// The locations where <paramref name="a"/> and <paramref name="b"/> differ: members of objects on both sides and
    /// items of arrays of one length are compared one by one; anywhere else (a member on one side only, arrays of
    /// different lengths, values of different kinds) the location itself differs.
    /// </summary>
    public static List<JsonPointer> Between(JsonNode? a, JsonNode? b)
    {
        var differences = new List<JsonPointer>();
        Collect(a, b, [], differences);
        return differences;
    }

    private static void Collect(JsonNode? a, JsonNode? b, List<string> path, List<JsonPointer> differences)
    {
        switch (a, b)
        {
            case (JsonObject left, JsonObject right):
                foreach (var (name, value) in left)
                {
                    path.Add(name);
                    if (right.TryGetPropertyValue(name, out var other))
                    {
                        Collect(value, other, path, differences);
                    }
                    else
                    {
                        differences.Add(JsonPointer.FromSegments(path));
                    }

                    path.RemoveAt(path.Count - 1);
                }

                foreach (var (name, _) in right)
                {
                    if (!left.ContainsKey(name))
                    {
                        path.Add(name);
                        differences.Add(JsonPointer.FromSegments(path));
                        path.RemoveAt(path.Count - 1);
                    }
                }

                break;
            case (JsonArray left, JsonArray right) when left.Count == right.Count:
                for (var i = 0; i < left.Count; i++)
                {
                    path.Add(i.ToString(CultureInfo.InvariantCulture));
                    Collect(left[i], right[i], path, differences);
                    path.RemoveAt(path.Count - 1);
                }

                break;
            default:
                if (!JsonNode.DeepEquals(a, b))
                {
                    differences.Add(JsonPointer.FromSegments(path));
                }

                break;
        }
    }
}
