using System.Text.Json.Nodes;
using ConflictClient.Json;
using ConflictClient.Merging;
using CsCheck;

namespace ConflictClient.Tests.Json;

/// <summary>Properties of the three-way merge over random JSON documents: 4 x 2,500 generated cases.</summary>
public sealed class JsonMergePropertyTests
{
    /// <summary>Absence is deletion here: the oracle models a document, not a caller's partial model.</summary>
    private static readonly JsonMergeOptions Deleting = new() { LocalAbsence = JsonLocalAbsence.Deleted };

    private const int Cases = 2_500;
    private static readonly string[] Keys = ["a", "b", "c", "é", "a/b", "m~n"];

    private static readonly Gen<JsonNode?> Leaf = Gen.Frequency(
        (3, Gen.Int[-3, 3].Select(i => (JsonNode?)JsonValue.Create(i))),
        (1, Gen.Double[-2, 2].Select(d => (JsonNode?)JsonValue.Create(Math.Round(d, 2)))),
        (3, Gen.String[Gen.Char["xyz"], 0, 2].Select(s => (JsonNode?)JsonValue.Create(s))),
        (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (1, Gen.Const<JsonNode?>(() => null)));

    private static readonly Gen<JsonNode?> Value = Gen.Recursive<JsonNode?>((depth, value) => depth >= 3
        ? Leaf
        : Gen.Frequency((3, Leaf), (2, ObjectOf(value)), (1, value.Array[0, 3].Select(items => (JsonNode?)new JsonArray([.. items.Select(Clone)])))));

    private static readonly Gen<JsonObject> Document = ObjectOf(Value).Select(node => (JsonObject)node!);

    [Fact]
    public void ThreeWay_LocalUnchanged_YieldsRemote() =>
        Gen.Select(Document, Document).Sample(
            pair =>
            {
                var (b, r) = pair;
                var result = JsonMerge.ThreeWay(b, Clone(b), r, Deleting);
                return result.Conflicts.Count == 0 && JsonNode.DeepEquals(result.Merged, r);
            },
            iter: Cases,
            print: pair => $"base {pair.Item1.ToJsonString()} remote {pair.Item2.ToJsonString()}");

    [Fact]
    public void ThreeWay_RemoteUnchanged_YieldsLocal() =>
        Gen.Select(Document, Document).Sample(
            pair =>
            {
                var (b, l) = pair;
                var result = JsonMerge.ThreeWay(b, l, Clone(b), Deleting);
                return result.Conflicts.Count == 0 && JsonNode.DeepEquals(result.Merged, l);
            },
            iter: Cases,
            print: pair => $"base {pair.Item1.ToJsonString()} local {pair.Item2.ToJsonString()}");

    [Fact]
    public void ThreeWay_SameChangeOnBothSides_YieldsIt() =>
        Gen.Select(Document, Document).Sample(
            pair =>
            {
                var (b, x) = pair;
                var result = JsonMerge.ThreeWay(b, x, Clone(x), Deleting);
                return result.Conflicts.Count == 0 && JsonNode.DeepEquals(result.Merged, x);
            },
            iter: Cases,
            print: pair => $"base {pair.Item1.ToJsonString()} both {pair.Item2.ToJsonString()}");

    [Fact]
    public void ThreeWay_DisjointEdits_AllSurvive() =>
        Gen.Select(Document, Gen.Int).Sample(
            pair =>
            {
                var (b, seed) = pair;
                var (local, remote, expected) = DisjointEdits(b, new Random(seed));
                var result = JsonMerge.ThreeWay(b, local, remote, Deleting);
                return result.Conflicts.Count == 0 && JsonNode.DeepEquals(result.Merged, expected);
            },
            iter: Cases,
            print: pair => $"base {pair.Item1.ToJsonString()} seed {pair.Item2}");

    private static Gen<JsonNode?> ObjectOf(Gen<JsonNode?> value) =>
        Gen.Select(Gen.Bool.Array[Keys.Length], value.Array[Keys.Length], (present, values) =>
        {
            var obj = new JsonObject();
            for (var i = 0; i < Keys.Length; i++)
            {
                if (present[i])
                {
                    obj[Keys[i]] = Clone(values[i]);
                }
            }

            return (JsonNode?)obj;
        });

    private static JsonNode? Clone(JsonNode? node) => node?.DeepClone();

    /// <summary>
    /// Splits the members of <paramref name="b"/> between the two sides: each side edits (replaces, deletes, or adds
    /// next to) only members it owns, recursing into objects, so no two edits touch the same path.
    /// </summary>
    private static (JsonObject Local, JsonObject Remote, JsonObject Expected) DisjointEdits(JsonObject b, Random random)
    {
        var local = (JsonObject)b.DeepClone();
        var remote = (JsonObject)b.DeepClone();
        var expected = (JsonObject)b.DeepClone();
        Edit(b, local, remote, expected, random, depth: 0);
        return (local, remote, expected);
    }

    private static void Edit(JsonObject b, JsonObject local, JsonObject remote, JsonObject expected, Random random, int depth)
    {
        foreach (var (key, value) in b.ToList())
        {
            var owner = random.Next(4);
            if (owner == 3 && value is JsonObject nested && depth < 3)
            {
                Edit(nested, local[key]!.AsObject(), remote[key]!.AsObject(), expected[key]!.AsObject(), random, depth + 1);
                continue;
            }

            var side = owner switch { 1 => local, 2 => remote, _ => null };
            if (side is null)
            {
                continue;
            }

            if (random.Next(3) == 0)
            {
                side.Remove(key);
                expected.Remove(key);
            }
            else
            {
                var replacement = JsonValue.Create($"{(side == local ? "mine" : "theirs")}-{random.Next(100)}");
                side[key] = replacement;
                expected[key] = replacement.DeepClone();
            }
        }

        // Each side adds members under names only it uses.
        foreach (var (side, prefix) in new[] { (local, "l"), (remote, "r") })
        {
            if (random.Next(2) == 0)
            {
                var name = $"{prefix}{depth}-{random.Next(10)}";
                side[name] = random.Next(100);
                expected[name] = side[name]!.DeepClone();
            }
        }
    }
}
