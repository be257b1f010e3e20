using System.Globalization;
using System.Text.Json.Nodes;
using ConflictClient.Tests.Oracles;
using CsCheck;

namespace ConflictClient.Tests.Support;

/// <summary>
/// Random JSON documents and random changes to them, for properties checked against the RFC oracles: objects, arrays,
/// scalars and nulls at any depth and at the root, empty documents, and keys that need escaping or look like indexes.
/// </summary>
internal static class RandomJson
{
    private static readonly string[] Keys = ["a", "b", "c", "0", "1", "", "a/b", "m~n", "~1", "é", "x y"];

    /// <summary>Gets a document: mostly objects, sometimes an array, a scalar or null (a whole-document value).</summary>
    public static Gen<JsonNode?> Document { get; } = Gen.Int.Select(seed => Value(new Random(seed), depth: 0, rootObjectWeight: 6));

    /// <summary>A random value; at the root (<paramref name="depth"/> 0) objects weigh <paramref name="rootObjectWeight"/>.</summary>
    public static JsonNode? Value(Random random, int depth, int rootObjectWeight = 2)
    {
        var choice = random.Next(depth >= 4 ? 6 : 6 + rootObjectWeight + 2);
        return choice switch
        {
            0 => null,
            1 => JsonValue.Create(random.Next(-2, 3)),
            2 => JsonValue.Create(random.Next(3) + 0.5),
            3 => JsonValue.Create(random.Next(2) == 0),
            4 => JsonValue.Create(new string("xyz"[random.Next(3)], random.Next(3))),
            5 => JsonValue.Create(random.Next(4) == 0 ? "\u00e9\t\"" : "v" + random.Next(3).ToString(CultureInfo.InvariantCulture)),
            _ when choice < 6 + rootObjectWeight => Object(random, depth),
            _ => new JsonArray([.. Enumerable.Range(0, random.Next(4)).Select(_ => Value(random, depth + 1))]),
        };
    }

    /// <summary>A JSON Patch of one to three operations, each valid where it is applied (checked with the oracle).</summary>
    public static JsonArray JsonPatch(JsonNode? document, Random random)
    {
        var patch = new JsonArray();
        var current = document?.DeepClone();
        var operations = random.Next(1, 4);
        for (var tries = 0; patch.Count < operations && tries < 40; tries++)
        {
            var operation = Operation(current, random);
            try
            {
                current = RfcJsonPatch.Apply(current, new JsonArray(operation.DeepClone()));
                patch.Add(operation);
            }
            catch (RfcPatchException)
            {
                // Not valid here: draw another.
            }
        }

        return patch;
    }

    /// <summary>A merge patch: members set, removed (null) or merged into, sometimes a whole-document value.</summary>
    public static JsonNode? MergePatch(JsonNode? document, Random random)
    {
        if (random.Next(10) == 0)
        {
            return Value(random, depth: 1);
        }

        var patch = new JsonObject();
        var existing = document as JsonObject;
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var name = existing is { Count: > 0 } && random.Next(2) == 0 ? existing.ElementAt(random.Next(existing.Count)).Key : Keys[random.Next(Keys.Length)];
            patch[name] = random.Next(4) switch
            {
                0 => null,
                1 => MergePatch(existing?[name], random) is JsonObject nested ? nested : new JsonObject(),
                _ => Value(random, depth: 2) ?? JsonValue.Create(0),
            };
        }

        return patch;
    }

    private static JsonObject Object(Random random, int depth)
    {
        var obj = new JsonObject();
        foreach (var key in Keys.Where(_ => random.Next(4) == 0))
        {
            obj[key] = Value(random, depth + 1);
        }

        return obj;
    }

    private static JsonObject Operation(JsonNode? document, Random random)
    {
        var locations = Locations(document, []).ToList();
        var existing = locations[random.Next(locations.Count)];
        var nonRoot = locations.Count > 1 ? locations[1 + random.Next(locations.Count - 1)] : existing;
        switch (random.Next(7))
        {
            case 0:
                return new JsonObject { ["op"] = "remove", ["path"] = DocumentChanges.Pointer(nonRoot) };
            case 1:
                return new JsonObject { ["op"] = "replace", ["path"] = DocumentChanges.Pointer(existing), ["value"] = Value(random, depth: 1) };
            case 2:
                return new JsonObject { ["op"] = "move", ["from"] = DocumentChanges.Pointer(nonRoot), ["path"] = Target(document, locations, random) };
            case 3:
                return new JsonObject { ["op"] = "copy", ["from"] = DocumentChanges.Pointer(existing), ["path"] = Target(document, locations, random) };
            case 4:
                RfcPointer.TryEvaluate(document, existing, existing.Length, out var current);
                return new JsonObject { ["op"] = "test", ["path"] = DocumentChanges.Pointer(existing), ["value"] = current?.DeepClone() };
            default:
                return new JsonObject { ["op"] = "add", ["path"] = Target(document, locations, random), ["value"] = Value(random, depth: 1) };
        }
    }

    /// <summary>Where an add may go: a member of an object (new or existing), an index or the end of an array, or the root.</summary>
    private static string Target(JsonNode? document, List<string[]> locations, Random random)
    {
        if (random.Next(12) == 0)
        {
            return string.Empty;
        }

        var containers = locations.Where(l => RfcPointer.TryEvaluate(document, l, l.Length, out var v) && v is JsonObject or JsonArray).ToList();
        if (containers.Count == 0)
        {
            return string.Empty;
        }

        var container = containers[random.Next(containers.Count)];
        RfcPointer.TryEvaluate(document, container, container.Length, out var node);
        var token = node is JsonArray array
            ? (random.Next(3) == 0 ? "-" : random.Next(array.Count + 1).ToString(CultureInfo.InvariantCulture))
            : Keys[random.Next(Keys.Length)];
        return DocumentChanges.Pointer([.. container, token]);
    }

    private static IEnumerable<string[]> Locations(JsonNode? node, string[] path)
    {
        yield return path;
        if (node is JsonObject obj)
        {
            foreach (var (name, child) in obj)
            {
                foreach (var location in Locations(child, [.. path, name]))
                {
                    yield return location;
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                foreach (var location in Locations(array[i], [.. path, i.ToString(CultureInfo.InvariantCulture)]))
                {
                    yield return location;
                }
            }
        }
    }
}
