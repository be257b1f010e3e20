using System.Text.Json.Nodes;
using ConflictClient.Json;
using ConflictClient.Merging;

namespace ConflictClient.Tests.Json;

public sealed class JsonMergeTests
{
    private static readonly JsonMergeOptions Deleting = new() { LocalAbsence = JsonLocalAbsence.Deleted };

    [Theory]
    [InlineData("""{"a":1,"b":1}""", """{"a":2,"b":1}""", """{"a":1,"b":3}""", """{"a":2,"b":3}""")]
    [InlineData("""{"o":{"x":1,"y":1}}""", """{"o":{"x":2,"y":1}}""", """{"o":{"x":1,"y":2}}""", """{"o":{"x":2,"y":2}}""")]
    [InlineData("""{"a":1}""", """{"a":5}""", """{"a":5}""", """{"a":5}""")]
    [InlineData("""{"a":1}""", """{"a":1,"mine":true}""", """{"a":1,"theirs":true}""", """{"a":1,"theirs":true,"mine":true}""")]
    public void ThreeWay_ChangesOnOneSideOrTheSameOnBoth_AreAllKept(string b, string l, string r, string expected)
    {
        var result = JsonMerge.ThreeWay(b, l, r);

        Assert.Empty(result.Conflicts);
        Assert.Equal(expected, result.ToJsonString());
    }

    [Theory]
    [InlineData("""{"a":1,"b":2}""", """{"b":2}""", """{"a":1,"b":3}""", """{"b":3}""")]
    [InlineData("""{"a":1,"b":2}""", """{"a":1,"b":3}""", """{"b":2}""", """{"b":3}""")]
    [InlineData("""{"a":1,"b":2}""", """{"b":2}""", """{"b":2}""", """{"b":2}""")]
    public void ThreeWay_DeletedOnOneSideUnchangedOnTheOther_IsDeleted(string b, string l, string r, string expected)
    {
        Assert.Equal(expected, JsonMerge.ThreeWay(b, l, r, Deleting).ToJsonString());
    }

    [Theory]
    [InlineData("""{"a":1,"t":"x"}""", """{"a":2}""", """{"a":1,"t":"y"}""", """{"a":2,"t":"y"}""")]
    [InlineData("""{"a":1,"t":"x"}""", """{"a":1}""", """{"a":1,"t":"x"}""", """{"a":1,"t":"x"}""")]
    [InlineData("""{"o":{"x":1,"m":2}}""", """{"o":{"x":1}}""", """{"o":5}""", """{"o":5}""")]
    [InlineData("""{"o":{"x":1,"m":2}}""", """{"o":{"x":3}}""", """{"o":{"x":1,"m":4}}""", """{"o":{"x":3,"m":4}}""")]
    [InlineData("""{"l":[{"id":1,"n":"a","t":1}]}""", """{"l":[{"id":1,"n":"a"}]}""", """{"l":[{"id":1,"n":"a","t":2}]}""", """{"l":[{"id":1,"n":"a","t":2}]}""")]
    [InlineData("""{"a":1,"t":"x"}""", """{"a":1}""", """{"a":1}""", """{"a":1}""")]
    public void ThreeWay_MemberTheLocalDocumentDoesNotModel_KeepsTheRemoteValueWithoutConflict(string b, string l, string r, string expected)
    {
        var result = JsonMerge.ThreeWay(b, l, r);

        Assert.Empty(result.Conflicts);
        Assert.Equal(expected, result.ToJsonString());
    }

    [Fact]
    public void ThreeWay_ItemRemovedFromAKeyedListWhileMembersAreNotModeled_IsRemoved()
    {
        var options = new JsonMergeOptions();
        options.At("/l").MergeByKey("id");

        var result = JsonMerge.ThreeWay(
            """{"l":[{"id":1,"t":1},{"id":2,"t":1}]}""", """{"l":[{"id":1}]}""", """{"l":[{"id":1,"t":2},{"id":2,"t":1}]}""", options);

        Assert.Empty(result.Conflicts);
        Assert.Equal("""{"l":[{"id":1,"t":2}]}""", result.ToJsonString());
    }

    [Fact]
    public void ThreeWay_NullWhereTheApiMeansDelete_StillDeletesUnderNotModeled()
    {
        var result = JsonMerge.ThreeWay("""{"a":1,"t":"x"}""", """{"a":1,"t":null}""", """{"a":1,"t":"x"}""");

        Assert.Equal("""{"a":1,"t":null}""", result.ToJsonString());
    }

    [Fact]
    public void ThreeWay_DeletedOnOneSideChangedOnTheOther_IsAConflict()
    {
        var result = JsonMerge.ThreeWay("""{"a":1}""", """{}""", """{"a":2}""", Deleting);

        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal("/a", conflict.Path);
        Assert.False(conflict.Local.Exists);
        Assert.Equal("2", conflict.Remote.ToString());
        Assert.True(result.HasUnresolvedConflicts);
    }

    [Fact]
    public void ThreeWay_NullAndMissing_AreDifferent()
    {
        var setToNull = JsonMerge.ThreeWay("""{"a":1}""", """{"a":null}""", """{"a":1}""");
        var removed = JsonMerge.ThreeWay("""{"a":1}""", """{}""", """{"a":1}""", Deleting);
        var conflict = JsonMerge.ThreeWay("""{"a":1}""", """{"a":null}""", """{}""");

        Assert.Equal("""{"a":null}""", setToNull.ToJsonString());
        Assert.Equal("{}", removed.ToJsonString());
        var c = Assert.Single(conflict.Conflicts);
        Assert.Equal("null", c.Local.ToString());
        Assert.Equal("(missing)", c.Remote.ToString());
    }

    [Theory]
    [InlineData("1", "1.0")]
    [InlineData("100", "1e2")]
    [InlineData("\"A\"", "\"\\u0041\"")]
    public void ThreeWay_EqualValuesWrittenDifferently_AreNotAChange(string baseValue, string sameValue)
    {
        var result = JsonMerge.ThreeWay($$"""{"v":{{baseValue}},"w":1}""", $$"""{"v":{{sameValue}},"w":1}""", $$"""{"v":{{baseValue}},"w":2}""");

        Assert.Empty(result.Conflicts);
        Assert.Equal(2, result.Merged!["w"]!.GetValue<int>());
    }

    [Fact]
    public void ThreeWay_EscapedAndUnicodeKeys_MatchTheirPlainForms()
    {
        var result = JsonMerge.ThreeWay(
            """{"ünï":1,"a/b":1,"na\u006De":1}""",
            """{"ünï":2,"a/b":1,"name":1}""",
            """{"ünï":1,"a/b":3,"name":4}""");

        Assert.Empty(result.Conflicts);
        Assert.Equal("""{"ünï":2,"a/b":3,"name":4}""", result.ToJsonString());
    }

    [Fact]
    public void ThreeWay_ConflictInsideEscapedKey_ReportsAnRfc6901Pointer()
    {
        var result = JsonMerge.ThreeWay("""{"a/b":{"m~n":1}}""", """{"a/b":{"m~n":2}}""", """{"a/b":{"m~n":3}}""");

        Assert.Equal("/a~1b/m~0n", Assert.Single(result.Conflicts).Path);
    }

    [Theory]
    [InlineData(JsonConflictPolicy.PreferLocal, """{"a":2}""", JsonMergeResolutionKind.Local)]
    [InlineData(JsonConflictPolicy.PreferRemote, """{"a":3}""", JsonMergeResolutionKind.Remote)]
    [InlineData(JsonConflictPolicy.Additive, """{"a":4}""", JsonMergeResolutionKind.Additive)]
    [InlineData(JsonConflictPolicy.Fail, """{"a":3}""", JsonMergeResolutionKind.Unresolved)]
    public void ThreeWay_DefaultPolicy_SettlesConflicts(JsonConflictPolicy policy, string expected, JsonMergeResolutionKind resolution)
    {
        var result = JsonMerge.ThreeWay("""{"a":1}""", """{"a":2}""", """{"a":3}""", new JsonMergeOptions { DefaultPolicy = policy });

        Assert.Equal(expected, result.ToJsonString());
        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal(resolution, conflict.Resolution);
        Assert.Equal(resolution == JsonMergeResolutionKind.Unresolved, result.HasUnresolvedConflicts);
        Assert.Equal("1", conflict.Base.ToString());
    }

    [Theory]
    [InlineData("10", "11", "12", "13")]
    [InlineData("1.5", "2", "1.25", "1.75")]
    [InlineData("5", "3", "7", "5")]
    [InlineData("5", "6", "6", "7")]
    public void ThreeWay_AdditiveNumbers_CombineBothDeltas(string b, string l, string r, string expected)
    {
        var options = new JsonMergeOptions();
        options.At("/count").Additive();

        var result = JsonMerge.ThreeWay($$"""{"count":{{b}}}""", $$"""{"count":{{l}}}""", $$"""{"count":{{r}}}""", options);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result.Merged!["count"]!.GetValue<decimal>());
        Assert.Equal(JsonMergeResolutionKind.Additive, Assert.Single(result.Conflicts).Resolution);
    }

    [Fact]
    public void ThreeWay_AdditiveOnNonNumbers_StaysUnresolved()
    {
        var options = new JsonMergeOptions { DefaultPolicy = JsonConflictPolicy.Additive };

        var result = JsonMerge.ThreeWay("""{"a":"x"}""", """{"a":"y"}""", """{"a":"z"}""", options);

        Assert.True(result.HasUnresolvedConflicts);
    }

    [Fact]
    public void ThreeWay_PathRulesWithWildcards_MostSpecificWins()
    {
        var options = new JsonMergeOptions { DefaultPolicy = JsonConflictPolicy.Fail };
        options.At("/counters/*").Additive();
        options.At("/counters/label").PreferLocal();
        options.At("/title").PreferRemote();

        var result = JsonMerge.ThreeWay(
            """{"title":"t","counters":{"a":1,"b":1,"label":"x"}}""",
            """{"title":"mine","counters":{"a":2,"b":2,"label":"mine"}}""",
            """{"title":"theirs","counters":{"a":3,"b":1,"label":"theirs"}}""",
            options);

        Assert.False(result.HasUnresolvedConflicts);
        Assert.Equal("""{"title":"theirs","counters":{"a":4,"b":2,"label":"mine"}}""", result.ToJsonString());
        Assert.Equal(["/title", "/counters/a", "/counters/label"], result.Conflicts.Select(c => c.Path));
    }

    [Fact]
    public void ThreeWay_ResolverCallback_SeesTheConflictAndChoosesTheValue()
    {
        var seen = new List<string>();
        var options = new JsonMergeOptions();
        options.At("/title").Resolve(c =>
        {
            seen.Add(c.ToString());
            return JsonMergeResolution.Use(c.Local.Value!.GetValue<string>() + " + " + c.Remote.Value!.GetValue<string>());
        });
        options.At("/gone").Resolve(_ => JsonMergeResolution.Remove);

        var result = JsonMerge.ThreeWay(
            """{"title":"t","gone":1}""", """{"title":"mine","gone":2}""", """{"title":"theirs","gone":3}""", options);

        Assert.Equal("""{"title":"mine + theirs"}""", result.ToJsonString());
        Assert.Equal(["/title: base \"t\", local \"mine\", remote \"theirs\" -> Unresolved"], seen);
        Assert.All(result.Conflicts, c => Assert.Equal(JsonMergeResolutionKind.Custom, c.Resolution));
    }

    [Fact]
    public void ThreeWay_AtomicArrays_ChangedOnBothSides_Conflict()
    {
        var result = JsonMerge.ThreeWay("""{"tags":["a"]}""", """{"tags":["a","b"]}""", """{"tags":["a","c"]}""");

        Assert.Equal("/tags", Assert.Single(result.Conflicts).Path);
        Assert.Equal("""{"tags":["a","c"]}""", result.ToJsonString());
    }

    [Fact]
    public void ThreeWay_SetUnion_KeepsAdditionsAndRemovalsFromBothSidesInDocumentedOrder()
    {
        var options = new JsonMergeOptions();
        options.At("/tags").AsSet();

        var result = JsonMerge.ThreeWay(
            """{"tags":["a","b","c"]}""",
            """{"tags":["a","c","mine",1]}""",
            """{"tags":["theirs","a","b",1.0]}""",
            options);

        Assert.Empty(result.Conflicts);
        Assert.Equal("""{"tags":["theirs","a",1.0,"mine"]}""", result.ToJsonString());
    }

    [Fact]
    public void ThreeWay_MergeByKey_AddsRemovesAndMergesItemsRecursively()
    {
        var options = new JsonMergeOptions();
        options.At("/items").MergeByKey("id");

        var result = JsonMerge.ThreeWay(
            """{"items":[{"id":1,"qty":1,"note":"x"},{"id":2,"qty":1},{"id":3,"qty":1}]}""",
            """{"items":[{"id":1,"qty":5,"note":"x"},{"id":3,"qty":1},{"id":"mine","qty":1}]}""",
            """{"items":[{"id":4,"qty":1},{"id":1,"qty":1,"note":"theirs"},{"id":2,"qty":1},{"id":3,"qty":1}]}""",
            options);

        Assert.Empty(result.Conflicts);
        Assert.Equal(
            """{"items":[{"id":4,"qty":1},{"id":1,"qty":5,"note":"theirs"},{"id":3,"qty":1},{"id":"mine","qty":1}]}""",
            result.ToJsonString());
    }

    [Fact]
    public void ThreeWay_MergeByKey_SameItemsInSameOrder_MergesEachItemInPlace()
    {
        var options = new JsonMergeOptions();
        options.At("/items").MergeByKey("id");

        var result = JsonMerge.ThreeWay(
            """{"items":[{"id":1,"a":1,"b":1},{"id":"x","a":1}]}""",
            """{"items":[{"id":1,"a":2,"b":1},{"id":"x","a":7}]}""",
            """{"items":[{"id":1,"a":1,"b":3},{"id":"x","a":5}]}""",
            options);

        Assert.Equal("""{"items":[{"id":1,"a":2,"b":3},{"id":"x","a":5}]}""", result.ToJsonString());
        Assert.Equal("/items/1/a", Assert.Single(result.Conflicts).Path);
    }

    [Fact]
    public void ThreeWay_MergeByKey_LocalReorder_KeepsRemoteOrderWithoutConflict()
    {
        var options = new JsonMergeOptions();
        options.At("/items").MergeByKey("id");

        var result = JsonMerge.ThreeWay(
            """{"items":[{"id":1},{"id":2}]}""", """{"items":[{"id":2},{"id":1}]}""", """{"items":[{"id":1},{"id":2},{"id":3}]}""", options);

        Assert.Empty(result.Conflicts);
        Assert.Equal("""{"items":[{"id":1},{"id":2},{"id":3}]}""", result.ToJsonString());
    }

    [Fact]
    public void ThreeWay_MergeByKey_SameFieldChangedOnBothSides_ReportsItemPointer()
    {
        var options = new JsonMergeOptions();
        options.At("/items").MergeByKey("id");
        options.At("/items/*/qty").Additive();

        var result = JsonMerge.ThreeWay(
            """{"items":[{"id":"a","qty":1,"name":"n"}]}""",
            """{"items":[{"id":"a","qty":2,"name":"mine"}]}""",
            """{"items":[{"id":"a","qty":3,"name":"theirs"}]}""",
            options);

        Assert.Equal(["/items/0/qty", "/items/0/name"], result.Conflicts.Select(c => c.Path));
        Assert.Equal(JsonMergeResolutionKind.Additive, result.Conflicts[0].Resolution);
        Assert.Equal(JsonMergeResolutionKind.Unresolved, result.Conflicts[1].Resolution);
        Assert.Equal(4, result.Merged!["items"]![0]!["qty"]!.GetValue<int>());
    }

    [Fact]
    public void ThreeWay_MergeByKey_ItemsWithoutKey_FallBackToAtomic()
    {
        var options = new JsonMergeOptions();
        options.At("/items").MergeByKey("id");

        var result = JsonMerge.ThreeWay("""{"items":[{"id":1}]}""", """{"items":[{"id":1},{"name":"no id"}]}""", """{"items":[]}""", options);

        Assert.Equal("/items", Assert.Single(result.Conflicts).Path);
    }

    [Fact]
    public void ThreeWay_AsAtomic_MergesAnObjectAsOneValue()
    {
        var options = new JsonMergeOptions();
        options.At("/address").AsAtomic().PreferLocal();

        var result = JsonMerge.ThreeWay(
            """{"address":{"street":"s","city":"c"}}""", """{"address":{"street":"mine","city":"c"}}""", """{"address":{"street":"s","city":"theirs"}}""", options);

        Assert.Equal("""{"address":{"street":"mine","city":"c"}}""", result.ToJsonString());
        Assert.Equal("/address", Assert.Single(result.Conflicts).Path);
    }

    [Fact]
    public void WithoutBase_KeepsEverythingEitherSideHasAndConflictsOnDifferences()
    {
        var options = new JsonMergeOptions { DefaultPolicy = JsonConflictPolicy.PreferLocal };
        options.At("/tags").AsSet();
        options.At("/items").MergeByKey("id");

        var result = JsonMerge.WithoutBase(
            JsonNode.Parse("""{"same":1,"title":"mine","mine":1,"tags":["a","m"],"items":[{"id":1,"v":"mine"}]}"""),
            JsonNode.Parse("""{"same":1,"title":"theirs","theirs":1,"tags":["a","t"],"items":[{"id":2,"v":"t"},{"id":1,"v":"theirs"}]}"""),
            options);

        Assert.Equal(
            """{"same":1,"title":"mine","theirs":1,"tags":["a","t","m"],"items":[{"id":2,"v":"t"},{"id":1,"v":"mine"}],"mine":1}""",
            result.ToJsonString());
        Assert.Equal(["/title", "/items/1/v"], result.Conflicts.Select(c => c.Path));
    }

    [Fact]
    public void WithoutBase_AdditiveEqualNumbers_IsUnresolvedNotOneDropped()
    {
        var options = new JsonMergeOptions();
        options.At("/count").Additive();

        var result = JsonMerge.WithoutBase(JsonNode.Parse("""{"count":1}"""), JsonNode.Parse("""{"count":1}"""), options);

        // Without a base, "both added one" and "one side added one" look alike: it must not silently keep one.
        Assert.True(result.HasUnresolvedConflicts);
        Assert.Equal("/count", Assert.Single(result.Conflicts).Path);
    }

    [Fact]
    public void WithoutBase_ServerManagedPaths_TakeTheServersValueAndMakeNoConflict()
    {
        var options = new JsonMergeOptions().With(["/_rev", "/Timestamp"]);

        var result = JsonMerge.WithoutBase(
            JsonNode.Parse("""{"_rev":"1-a","Timestamp":"2026-01-01","note":"b"}"""),
            JsonNode.Parse("""{"_rev":"2-b","Timestamp":"2026-02-02","note":"b"}"""),
            options);

        Assert.False(result.HasUnresolvedConflicts);
        Assert.Empty(result.Conflicts);
        Assert.Equal("""{"_rev":"2-b","Timestamp":"2026-02-02","note":"b"}""", result.ToJsonString());
    }

    [Fact]
    public void With_LeavesTheOriginalOptionsAsTheyAre()
    {
        var original = new JsonMergeOptions();
        original.At("/_rev").PreferLocal();

        var derived = original.With(["/_rev"]);

        Assert.False(original.Rules.Single().IsAlwaysRemote);
        Assert.True(derived.Rules.Single().IsAlwaysRemote);
    }

    [Fact]
    public void At_MalformedPath_ThrowsNamingTheProblem()
    {
        var error = Assert.Throws<ArgumentException>(() => new JsonMergeOptions().At("items/*"));

        Assert.Contains("must start with '/'", error.Message, StringComparison.Ordinal);
    }

    /// <summary>README's worked example, verbatim.</summary>
    [Fact]
    public void ThreeWay_ReadmeWorkedExample_MergesAsDocumented()
    {
        var options = new JsonMergeOptions { DefaultPolicy = JsonConflictPolicy.Fail };
        options.At("/stock").Additive();
        options.At("/tags").AsSet();
        options.At("/items").MergeByKey("id");

        var result = JsonMerge.ThreeWay(
            """{"title":"Groceries","stock":10,"tags":["food"],"items":[{"id":1,"name":"milk","qty":1},{"id":2,"name":"eggs","qty":12}]}""",
            """{"title":"Groceries","stock":9,"tags":["food","weekly"],"items":[{"id":1,"name":"milk","qty":2},{"id":2,"name":"eggs","qty":12},{"id":3,"name":"bread","qty":1}]}""",
            """{"title":"Shopping","stock":7,"tags":["food","urgent"],"items":[{"id":1,"name":"milk","qty":1},{"id":2,"name":"eggs","qty":6}]}""",
            options);

        Assert.Equal(
            """{"title":"Shopping","stock":6,"tags":["food","urgent","weekly"],"items":[{"id":1,"name":"milk","qty":2},{"id":2,"name":"eggs","qty":6},{"id":3,"name":"bread","qty":1}]}""",
            result.ToJsonString());
        Assert.Equal("/stock: base 10, local 9, remote 7 -> Additive", Assert.Single(result.Conflicts).ToString());
        Assert.False(result.HasUnresolvedConflicts);
    }
}
