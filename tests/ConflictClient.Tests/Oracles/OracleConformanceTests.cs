using System.Text.Json.Nodes;

namespace ConflictClient.Tests.Oracles;

/// <summary>
/// Proves the independent RFC oracles (<see cref="RfcPointer"/>, <see cref="RfcJsonPatch"/>,
/// <see cref="RfcMergePatch"/>) agree with the examples transcribed from the RFCs' own text,
/// and with the extra cases derived from their rules.
/// </summary>
public sealed class OracleConformanceTests
{
    public static TheoryData<string> PointerCases => OracleSpecData.Names(OracleSpecData.Rfc6901, "cases", "pointer");

    public static TheoryData<string> FragmentCases => OracleSpecData.Names(OracleSpecData.Rfc6901, "fragments", "fragment");

    public static TheoryData<string> DerivedPointerCases => OracleSpecData.Names(OracleSpecData.Rfc6901, "derived", "pointer");

    public static TheoryData<string> AppendixPatchCases => PatchCases(derived: false, error: false);

    public static TheoryData<string> AppendixPatchErrorCases => PatchCases(derived: false, error: true);

    public static TheoryData<string> DerivedPatchCases => PatchCases(derived: true, error: false);

    public static TheoryData<string> DerivedPatchErrorCases => PatchCases(derived: true, error: true);

    public static TheoryData<string> AllPatchCases => OracleSpecData.Names(OracleSpecData.Rfc6902, "cases", "name");

    public static TheoryData<string> MergePatchCases => OracleSpecData.Names(OracleSpecData.Rfc7396, "cases", "name");

    [Theory]
    [MemberData(nameof(PointerCases))]
    public void TryEvaluate_SpecSection5Pointer_ReturnsExpectedValue(string pointer)
    {
        var item = OracleSpecData.Find(OracleSpecData.Rfc6901, "cases", "pointer", pointer);

        Assert.True(RfcPointer.TryEvaluate(Rfc6901Document(), pointer, out var value), $"\"{pointer}\" did not resolve");
        AssertJsonEqual(item["expected"], value);
    }

    [Theory]
    [MemberData(nameof(FragmentCases))]
    public void TryEvaluate_SpecSection6Fragment_ReturnsExpectedValue(string fragment)
    {
        var item = OracleSpecData.Find(OracleSpecData.Rfc6901, "fragments", "fragment", fragment);
        var pointer = item["pointer"]!.GetValue<string>();

        // §6: the fragment is the pointer, UTF-8 percent-encoded, after '#'.
        Assert.Equal(pointer, Uri.UnescapeDataString(fragment[1..]));
        Assert.True(RfcPointer.TryEvaluate(Rfc6901Document(), pointer, out var value), $"\"{pointer}\" did not resolve");
        AssertJsonEqual(item["expected"], value);
    }

    [Theory]
    [MemberData(nameof(DerivedPointerCases))]
    public void TryEvaluate_DerivedPointer_FollowsSection3And4Rules(string pointer)
    {
        var item = OracleSpecData.Find(OracleSpecData.Rfc6901, "derived", "pointer", pointer);
        var valid = item["valid"]?.GetValue<bool>() ?? true;

        Assert.Equal(valid, RfcPointer.TryParse(pointer, out _));
        var resolved = RfcPointer.TryEvaluate(Rfc6901Document(), pointer, out var value);
        if (item.TryGetPropertyValue("expected", out var expected))
        {
            Assert.True(resolved, $"\"{pointer}\" did not resolve");
            AssertJsonEqual(expected, value);
        }
        else
        {
            Assert.False(resolved, $"\"{pointer}\" resolved to {Show(value)}");
        }
    }

    [Fact]
    public void TryEvaluate_PresentNullValue_ReturnsTrueWithNull()
    {
        var document = JsonNode.Parse("""{ "a": null, "b": [ null ] }""");

        Assert.True(RfcPointer.TryEvaluate(document, "/a", out var member));
        Assert.Null(member);
        Assert.True(RfcPointer.TryEvaluate(document, "/b/0", out var element));
        Assert.Null(element);
        Assert.False(RfcPointer.TryEvaluate(document, "/a/x", out _));
    }

    [Fact]
    public void TryParse_EmptyString_HasNoTokens()
    {
        Assert.True(RfcPointer.TryParse(string.Empty, out var tokens));
        Assert.Empty(tokens);
    }

    [Theory]
    [InlineData("a/b", "a~1b")]
    [InlineData("m~n", "m~0n")]
    [InlineData("~1", "~01")]
    [InlineData("/~", "~1~0")]
    [InlineData("", "")]
    public void Escape_MemberName_EncodesTildeBeforeSlashAndRoundTrips(string name, string expected)
    {
        Assert.Equal(expected, RfcPointer.Escape(name));
        Assert.True(RfcPointer.TryParse("/" + expected, out var tokens));
        Assert.Equal(name, Assert.Single(tokens));
    }

    [Theory]
    [MemberData(nameof(AppendixPatchCases))]
    public void Apply_SpecExample_MatchesExpected(string name) => AssertPatchResult(name);

    [Theory]
    [MemberData(nameof(AppendixPatchErrorCases))]
    public void Apply_SpecErrorExample_ThrowsRfcPatchException(string name) => AssertPatchError(name);

    [Theory]
    [MemberData(nameof(DerivedPatchCases))]
    public void Apply_DerivedCase_MatchesExpected(string name) => AssertPatchResult(name);

    [Theory]
    [MemberData(nameof(DerivedPatchErrorCases))]
    public void Apply_DerivedErrorCase_ThrowsRfcPatchException(string name) => AssertPatchError(name);

    [Theory]
    [MemberData(nameof(AllPatchCases))]
    public void Apply_AnyCase_LeavesDocumentAndPatchUnchanged(string name)
    {
        var item = OracleSpecData.Find(OracleSpecData.Rfc6902, "cases", "name", name);
        var before = item.ToJsonString();

        try
        {
            RfcJsonPatch.Apply(item["doc"], PatchOf(item));
        }
        catch (RfcPatchException)
        {
            // Error cases are covered above; here only the inputs matter.
        }

        Assert.Equal(before, item.ToJsonString());
    }

    [Theory]
    [InlineData("1", "1.0")]
    [InlineData("10", "1e1")]
    [InlineData("100", "1E+2")]
    [InlineData("0", "-0.0")]
    [InlineData("0.5", "5e-1")]
    [InlineData("12345678901234567890", "1.2345678901234567890e19")]
    [InlineData("""{ "a": 1, "b": [ true, null ] }""", """{ "b": [ true, null ], "a": 1.0 }""")]
    [InlineData("\"\\u0041\"", "\"A\"")]
    public void JsonEquals_Section46EqualValues_ReturnsTrue(string a, string b)
    {
        Assert.True(RfcJsonPatch.JsonEquals(JsonNode.Parse(a), JsonNode.Parse(b)));
        Assert.True(RfcJsonPatch.JsonEquals(JsonNode.Parse(b), JsonNode.Parse(a)));
    }

    [Theory]
    [InlineData("1", "\"1\"")]
    [InlineData("1", "1.0000000000000000000001")]
    [InlineData("[ 1, 2 ]", "[ 2, 1 ]")]
    [InlineData("""{ "a": 1 }""", """{ "a": 1, "b": null }""")]
    [InlineData("null", "false")]
    [InlineData("true", "1")]
    [InlineData("\"a\"", "\"A\"")]
    [InlineData("\"\\u00e9\"", "\"e\\u0301\"")]
    [InlineData("[]", "{}")]
    public void JsonEquals_Section46UnequalValues_ReturnsFalse(string a, string b)
    {
        Assert.False(RfcJsonPatch.JsonEquals(JsonNode.Parse(a), JsonNode.Parse(b)));
        Assert.False(RfcJsonPatch.JsonEquals(JsonNode.Parse(b), JsonNode.Parse(a)));
    }

    [Theory]
    [MemberData(nameof(MergePatchCases))]
    public void Apply_MergePatchSpecCase_MatchesResultWithoutMutatingInputs(string name)
    {
        var item = OracleSpecData.Find(OracleSpecData.Rfc7396, "cases", "name", name);
        var before = item.ToJsonString();

        var result = RfcMergePatch.Apply(item["original"], item["patch"]);

        AssertJsonEqual(item["result"], result);
        Assert.Equal(before, item.ToJsonString());
    }

    private static TheoryData<string> PatchCases(bool derived, bool error) =>
        OracleSpecData.Names(
            OracleSpecData.Rfc6902,
            "cases",
            "name",
            item => item.ContainsKey("source") == derived && item.ContainsKey("error") == error);

    private static void AssertPatchResult(string name)
    {
        var item = OracleSpecData.Find(OracleSpecData.Rfc6902, "cases", "name", name);
        var document = item["doc"];

        var result = RfcJsonPatch.Apply(document, PatchOf(item));

        AssertJsonEqual(item["expected"], result);
        if (result is not null)
        {
            Assert.NotSame(document, result);
        }
    }

    private static void AssertPatchError(string name)
    {
        var item = OracleSpecData.Find(OracleSpecData.Rfc6902, "cases", "name", name);

        var error = Assert.Throws<RfcPatchException>(() => RfcJsonPatch.Apply(item["doc"], PatchOf(item)));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    // A.13's patch repeats "op", so the data file holds it as text for the oracle to parse.
    private static JsonNode? PatchOf(JsonObject item) =>
        item.TryGetPropertyValue("patchText", out var text)
            ? RfcJsonPatch.ParsePatch(text!.GetValue<string>())
            : item["patch"];

    private static JsonNode? Rfc6901Document() => OracleSpecData.Rfc6901["document"]!.DeepClone();

    private static void AssertJsonEqual(JsonNode? expected, JsonNode? actual) =>
        Assert.True(RfcJsonPatch.JsonEquals(expected, actual), $"expected {Show(expected)} but got {Show(actual)}");

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";
}
