using System.Globalization;
using System.Text.Json.Nodes;

namespace ConflictClient.Tests.Oracles;

/// <summary>
/// What a write must keep, written for the tests only (not from the library): the locations where one document changed
/// another, and whether a final document keeps both sides' changes. Objects are compared member by member and arrays of
/// one length item by item; anywhere else a location changed as a whole.
/// </summary>
internal static class DocumentChanges
{
    /// <summary>Each changed location, as reference tokens.</summary>
    public static List<string[]> Between(JsonNode? before, JsonNode? after)
    {
        var changes = new List<string[]>();
        Walk(before, after, [], changes);
        return changes;
    }

    /// <summary>
    /// Whether <paramref name="final"/> keeps every change <paramref name="theirs"/> made to <paramref name="original"/>
    /// and every change <paramref name="mine"/> made to it; <paramref name="why"/> names the first location that it does not.
    /// </summary>
    public static bool KeepsBoth(JsonNode? original, JsonNode? mine, JsonNode? theirs, JsonNode? final, out string why)
    {
        foreach (var (side, document) in new[] { ("theirs", theirs), ("mine", mine) })
        {
            foreach (var location in Between(original, document))
            {
                if (!SameAt(final, document, location))
                {
                    why = $"{side} at {Pointer(location)}";
                    return false;
                }
            }
        }

        why = string.Empty;
        return true;
    }

    /// <summary>
    /// Whether both sides changed one location (or one inside the other) to states no single document can hold: a
    /// change by another writer on a path the caller's change touches.
    /// </summary>
    public static bool Overlap(JsonNode? original, JsonNode? mine, JsonNode? theirs, out string where)
    {
        foreach (var their in Between(original, theirs))
        {
            foreach (var my in Between(original, mine))
            {
                var deeper = their.Length >= my.Length ? their : my;
                // One holds the other: a final document can hold both only if the sides agree at the deeper location.
                if ((IsPrefix(their, my) || IsPrefix(my, their)) && !SameAt(mine, theirs, deeper))
                {
                    where = Pointer(deeper);
                    return true;
                }
            }
        }

        where = string.Empty;
        return false;
    }

    public static bool SameAt(JsonNode? a, JsonNode? b, string[] location)
    {
        var (inA, x) = (RfcPointer.TryEvaluate(a, location, location.Length, out var valueA), valueA);
        var (inB, y) = (RfcPointer.TryEvaluate(b, location, location.Length, out var valueB), valueB);
        return inA == inB && (!inA || RfcJsonEquality.AreEqual(x, y));
    }

    public static string Pointer(string[] location) => string.Concat(location.Select(token => "/" + RfcPointer.Escape(token)));

    private static bool IsPrefix(string[] prefix, string[] path) =>
        prefix.Length <= path.Length && prefix.SequenceEqual(path.Take(prefix.Length), StringComparer.Ordinal);

    private static void Walk(JsonNode? before, JsonNode? after, List<string> path, List<string[]> changes)
    {
        if (before is JsonObject a && after is JsonObject b)
        {
            foreach (var name in a.Select(p => p.Key).Union(b.Select(p => p.Key), StringComparer.Ordinal))
            {
                path.Add(name);
                if (a.TryGetPropertyValue(name, out var x) && b.TryGetPropertyValue(name, out var y))
                {
                    Walk(x, y, path, changes);
                }
                else
                {
                    changes.Add([.. path]);
                }

                path.RemoveAt(path.Count - 1);
            }
        }
        else if (before is JsonArray left && after is JsonArray right && left.Count == right.Count)
        {
            for (var i = 0; i < left.Count; i++)
            {
                path.Add(i.ToString(CultureInfo.InvariantCulture));
                Walk(left[i], right[i], path, changes);
                path.RemoveAt(path.Count - 1);
            }
        }
        else if (!RfcJsonEquality.AreEqual(before, after))
        {
            changes.Add([.. path]);
        }
    }
}
