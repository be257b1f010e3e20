using System.Text.Json.Nodes;
using ConflictClient.Json;
using CsCheck;

namespace ConflictClient.Tests.Json;

/// <summary>Lists merged by key (<c>MergeByKey</c>): how items are matched across base, local and remote.</summary>
public sealed class KeyedListMergeTests
{
    [Theory]
    [InlineData("a remote key twice", """[{"id":"a"}]""", """[{"id":"a","v":1}]""", """[{"id":"a"},{"id":"a"}]""")]
    [InlineData("a base key twice, one the remote has", """[{"id":"a"},{"id":"a"}]""", """[{"id":"a","v":1}]""", """[{"id":"a"}]""")]
    [InlineData("a base key twice, one the remote lacks", """[{"id":"b"},{"id":"b"}]""", """[{"id":"a"}]""", """[{"id":"a"},{"id":"c"}]""")]
    [InlineData("a local-only key twice, once escaped", "[]", """[{"id":"x"},{"id":"\u0078"}]""", """[{"id":"a"}]""")]
    [InlineData("a remote item that is no object", """[{"id":"a"}]""", """[{"id":"a","v":1}]""", """[5]""")]
    [InlineData("a base key that is null", """[{"id":null}]""", """[{"id":"a"}]""", """[{"id":"b"}]""")]
    public void ThreeWay_ListNotKeyable_MergesAsOneValue(string why, string baseItems, string localItems, string remoteItems)
    {
        var options = new JsonMergeOptions { LocalAbsence = JsonLocalAbsence.Deleted };
        options.At("/items").MergeByKey("id");

        var result = JsonMerge.ThreeWay($$"""{"items":{{baseItems}}}""", $$"""{"items":{{localItems}}}""", $$"""{"items":{{remoteItems}}}""", options);

        Assert.True(result.Conflicts.Count == 1 && result.Conflicts[0].Path == "/items", why);
    }

    [Theory]
    [InlineData("""{"id":"\u006a","v":0}""", """{"id":"\u006A","v":1}""", """{"id":"j","v":0}""")]
    [InlineData("""{"id":"é","v":0}""", """{"id":"\u00e9","v":1}""", """{"id":"é","v":0}""")]
    [InlineData("""{"id":"\u00e9","v":0}""", """{"id":"\u00E9","v":1}""", """{"id":"\u00e9","v":0}""")]
    public void ThreeWay_KeySpelledDifferently_MatchesTheSameItem(string baseItem, string localItem, string remoteItem)
    {
        var options = new JsonMergeOptions { LocalAbsence = JsonLocalAbsence.Deleted };
        options.At("/items").MergeByKey("id");

        var result = JsonMerge.ThreeWay(
            $$"""{"items":[{{baseItem}}]}""", $$"""{"items":[{"id":"new"},{{localItem}}]}""", $$"""{"items":[{"id":"k"},{{remoteItem}}]}""", options);

        Assert.Empty(result.Conflicts);
        // One item, however its key is spelled: the server's first, my change to it, then my new item.
        var items = result.Merged!["items"]!.AsArray();
        Assert.Equal(3, items.Count);
        Assert.Equal(("k", "new"), ((string)items[0]!["id"]!, (string)items[2]!["id"]!));
        Assert.Equal(1, (int)items[1]!["v"]!);
    }

    [Fact]
    public void ThreeWay_KeysCompareAsJsonValues_EscapesMatchAndKindsDiffer()
    {
        var options = new JsonMergeOptions { LocalAbsence = JsonLocalAbsence.Deleted };
        options.At("/items").MergeByKey("id");

        // "\u0061" is the string "a"; the string "1" and the number 1 are different keys, and so are 1 and 1.0.
        var result = JsonMerge.ThreeWay(
            """{"items":[{"id":"a","v":0},{"id":1,"v":0},{"id":"1","v":0}]}""",
            """{"items":[{"id":"\u0061","v":1},{"id":1,"v":0},{"id":"1","v":2},{"id":1.0,"v":3}]}""",
            """{"items":[{"id":"1","v":0},{"id":1,"v":5},{"id":"a","v":0}]}""",
            options);

        Assert.Empty(result.Conflicts);
        // The item keyed "a" merges member by member: its id is unchanged for both, so the server's spelling stays.
        Assert.Equal("""{"items":[{"id":"1","v":2},{"id":1,"v":5},{"id":"a","v":1},{"id":1.0,"v":3}]}""", result.ToJsonString());
    }

    [Fact]
    public void ThreeWay_KeyRepeatedThroughAnEscape_FallsBackToAtomic()
    {
        var options = new JsonMergeOptions { LocalAbsence = JsonLocalAbsence.Deleted };
        options.At("/items").MergeByKey("id");

        var result = JsonMerge.ThreeWay(
            """{"items":[{"id":"a"}]}""", """{"items":[{"id":"a"},{"id":"\u0061","v":1}]}""", """{"items":[{"id":"a","v":2}]}""", options);

        Assert.Equal("/items", Assert.Single(result.Conflicts).Path);
    }

    [Fact]
    public void ThreeWay_LongListShiftedByAnInsertion_MatchesEveryItemById()
    {
        var options = new JsonMergeOptions { LocalAbsence = JsonLocalAbsence.Deleted };
        options.At("/items").MergeByKey("id");
        static JsonObject Item(int id, int v) => new() { ["id"] = $"item-{id}", ["v"] = v };
        var baseItems = Enumerable.Range(0, 3000).Select(i => Item(i, 0)).ToList();
        var local = new JsonArray([Item(-1, 9), .. baseItems.Select(i => i.DeepClone())]);
        local.RemoveAt(1500); // removed locally
        local[100] = Item(99, 1); // item 99 (after the insertion at 0) changed locally
        var remote = new JsonArray([.. baseItems.Select(i => i.DeepClone())]);
        remote[2999] = Item(2999, 2); // changed remotely
        remote.Insert(10, Item(5000, 3)); // added remotely

        var result = JsonMerge.ThreeWay(
            new JsonObject { ["items"] = new JsonArray([.. baseItems]) }, new JsonObject { ["items"] = local }, new JsonObject { ["items"] = remote }, options);

        Assert.Empty(result.Conflicts);
        var merged = result.Merged!["items"]!.AsArray().Select(i => ((string)i!["id"]!, (int)i["v"]!)).ToList();
        Assert.Equal(3001, merged.Count); // 3000, minus 1 removed, plus 1 added on each side
        Assert.Equal(("item-5000", 3), merged[10]);
        Assert.Equal(("item-99", 1), merged[100]); // after items 0-9, the server's new item, and items 10-98
        Assert.Equal(("item-2999", 2), merged[^2]);
        Assert.Equal(("item--1", 9), merged[^1]); // my new item goes after the server's
        Assert.DoesNotContain(merged, i => i.Item1 == "item-1499");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ThreeWay_ManyItemsOnlyOnMySide_KeepsThemAfterTheServersInMyOrder(bool repeatOneAtTheEnd)
    {
        var options = new JsonMergeOptions { LocalAbsence = JsonLocalAbsence.Deleted };
        options.At("/items").MergeByKey("id");
        var mine = Enumerable.Range(0, 200).Select(i => (JsonNode)new JsonObject { ["id"] = $"mine-{i}", ["base"] = i % 7 == 0 }).ToList();
        if (repeatOneAtTheEnd)
        {
            mine.Add(new JsonObject { ["id"] = "mine-3" });
        }

        // Every seventh of my items is in the base too (and removed by the server); the server has items of its own.
        var baseItems = new JsonArray([.. mine.Take(200).Where((_, i) => i % 7 == 0).Select(i => i.DeepClone())]);
        var theirs = new JsonArray([.. Enumerable.Range(0, 150).Select(i => (JsonNode)new JsonObject { ["id"] = $"theirs-{i}" })]);

        var result = JsonMerge.ThreeWay(
            new JsonObject { ["items"] = baseItems }, new JsonObject { ["items"] = new JsonArray([.. mine]) }, new JsonObject { ["items"] = theirs }, options);

        if (repeatOneAtTheEnd)
        {
            Assert.Equal("/items", Assert.Single(result.Conflicts).Path); // a repeated key: the list is one value
            return;
        }

        Assert.Empty(result.Conflicts);
        var ids = result.Merged!["items"]!.AsArray().Select(i => (string)i!["id"]!).ToList();
        // Removed by the server and unchanged by me: gone. Added by me: kept, after the server's items, in my order.
        Assert.Equal([.. Enumerable.Range(0, 150).Select(i => $"theirs-{i}"), .. Enumerable.Range(0, 200).Where(i => i % 7 != 0).Select(i => $"mine-{i}")], ids);
    }

    /// <summary>
    /// 2,000 random lists (up to 40 items, numbers or strings as keys, some spelled with escapes), each item kept, changed
    /// or removed on at most one side, items added and moved on both: the merge must match every item by its key.
    /// </summary>
    [Fact]
    public void ThreeWay_RandomEditsOnEitherSide_MatchEveryItemByKey() =>
        Gen.Int.Sample(
            seed =>
            {
                var (b, l, r, expected) = RandomEdits(new Random(seed));
                var options = new JsonMergeOptions { LocalAbsence = JsonLocalAbsence.Deleted };
                options.At("/items").MergeByKey("id");
                var result = JsonMerge.ThreeWay($"{{\"items\":{b}}}", $"{{\"items\":{l}}}", $"{{\"items\":{r}}}", options);
                var merged = result.Merged!["items"]!.AsArray().Select(i => (i!["id"]!.ToJsonString(), (int)i["v"]!));
                return result.Conflicts.Count == 0 && merged.SequenceEqual(expected);
            },
            iter: 2_000,
            print: seed => $"seed {seed}: {RandomEdits(new Random(seed))}");

    /// <summary>Three lists as JSON, and the merge an oracle expects: (key as compact JSON, value) in order.</summary>
    private static (string Base, string Local, string Remote, List<(string Key, int Value)> Expected) RandomEdits(Random random)
    {
        var numeric = random.Next(4) == 0;
        string Key(string prefix, int i) => numeric ? (prefix == "k" ? i : prefix == "l" ? 1000 + i : 2000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture) : $"\"{prefix}{i}\"";
        string Spell(string key) => numeric || random.Next(3) > 0 ? key : random.Next(2) == 0 ? $"\"\\u{(int)key[1]:x4}{key[2..]}" : $"\"\\u{(int)key[1]:X4}{key[2..]}";
        var baseItems = Enumerable.Range(0, random.Next(0, 25)).Select(i => (Key: Key("k", i), Value: random.Next(3))).ToList();
        List<(string Key, int Value)> local = [], remote = [];
        var localChanged = new HashSet<string>();
        foreach (var (key, value) in baseItems)
        {
            // At most one side touches an item, so nothing conflicts; removing on both sides is no conflict either.
            switch (random.Next(6))
            {
                case 0: localChanged.Add(key); local.Add((key, value + 10)); remote.Add((key, value)); break;
                case 1: local.Add((key, value)); remote.Add((key, value + 20)); break;
                case 2: remote.Add((key, value)); break;
                case 3: local.Add((key, value)); break;
                case 4 when random.Next(3) == 0: break;
                default: local.Add((key, value)); remote.Add((key, value)); break;
            }
        }

        var (localAdded, remoteAdded) = (random.Next(0, 8), random.Next(0, 8));
        for (var i = 0; i < localAdded; i++)
        {
            local.Insert(random.Next(local.Count + 1), (Key("l", i), random.Next(3)));
        }

        for (var i = 0; i < remoteAdded; i++)
        {
            remote.Insert(random.Next(remote.Count + 1), (Key("r", i), random.Next(3)));
        }

        Move(local, random);
        Move(remote, random);
        var inBase = baseItems.Select(i => i.Key).ToHashSet();
        var inLocal = local.ToDictionary(i => i.Key, i => i.Value);
        var inRemote = remote.Select(i => i.Key).ToHashSet();
        List<(string, int)> expected = [];
        foreach (var (key, value) in remote)
        {
            if (!inBase.Contains(key))
            {
                expected.Add((key, value)); // added by the server
            }
            else if (inLocal.TryGetValue(key, out var mine))
            {
                expected.Add((key, localChanged.Contains(key) ? mine : value));
            }

            // else: removed by me, unchanged by the server
        }

        expected.AddRange(local.Where(i => !inRemote.Contains(i.Key) && !inBase.Contains(i.Key))); // added by me, after theirs
        string Json(IEnumerable<(string Key, int Value)> items) => "[" + string.Join(",", items.Select(i => $"{{\"id\":{Spell(i.Key)},\"v\":{i.Value}}}")) + "]";
        return (Json(baseItems), Json(local), Json(remote), expected);
    }

    private static void Move(List<(string, int)> items, Random random)
    {
        for (var moves = random.Next(0, 4); moves > 0 && items.Count > 1; moves--)
        {
            var from = random.Next(items.Count);
            var item = items[from];
            items.RemoveAt(from);
            items.Insert(random.Next(items.Count + 1), item);
        }
    }
}
