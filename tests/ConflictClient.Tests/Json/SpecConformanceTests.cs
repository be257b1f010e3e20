using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConflictClient.Http;
using ConflictClient.Json;
using ConflictClient.Tests.Oracles;

namespace ConflictClient.Tests.Json;

/// <summary>
/// The library's JSON Pointer, JSON Patch and JSON Merge Patch against the specifications' own examples (RFC 6901 §5–6,
/// RFC 6902 Appendix A, RFC 7396 Appendix A) and the cases derived from their rules, transcribed from the RFC texts
/// (Oracles/Spec). Rebasing them is in <c>Merging/PatchRebaseSpecTests</c>.
/// </summary>
public sealed class SpecConformanceTests
{
    public static TheoryData<string> PointerCases => OracleSpecData.Names(OracleSpecData.Rfc6901, "cases", "pointer");

    public static TheoryData<string> FragmentCases => OracleSpecData.Names(OracleSpecData.Rfc6901, "fragments", "fragment");

    public static TheoryData<string> DerivedPointerCases => OracleSpecData.Names(OracleSpecData.Rfc6901, "derived", "pointer");

    public static TheoryData<string> PatchCases => OracleSpecData.Names(OracleSpecData.Rfc6902, "cases", "name");

    public static TheoryData<string> MergePatchCases => OracleSpecData.Names(OracleSpecData.Rfc7396, "cases", "name");

    [Theory]
    [MemberData(nameof(PointerCases))]
    public void TryGet_Rfc6901Section5Pointer_FindsTheSpecsValue(string pointer)
    {
        var item = OracleSpecData.Find(OracleSpecData.Rfc6901, "cases", "pointer", pointer);

        Assert.True(JsonPointer.TryParse(pointer, out var parsed, out var error), error);
        Assert.True(parsed.TryGet(OracleSpecData.Rfc6901["document"], out var value), $"\"{pointer}\" was not found");
        Assert.True(RfcJsonPatch.JsonEquals(item["expected"], value), $"\"{pointer}\": {value?.ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(FragmentCases))]
    public void TryGet_Rfc6901Section6Fragment_FindsTheSpecsValue(string fragment)
    {
        var item = OracleSpecData.Find(OracleSpecData.Rfc6901, "fragments", "fragment", fragment);

        Assert.True(JsonPointer.TryParse(Uri.UnescapeDataString(fragment[1..]), out var parsed, out var error), error);
        Assert.True(parsed.TryGet(OracleSpecData.Rfc6901["document"], out var value), $"\"{fragment}\" was not found");
        Assert.True(RfcJsonPatch.JsonEquals(item["expected"], value), $"\"{fragment}\": {value?.ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(DerivedPointerCases))]
    public void TryParse_Rfc6901DerivedCase_FollowsTheRules(string pointer)
    {
        var item = OracleSpecData.Find(OracleSpecData.Rfc6901, "derived", "pointer", pointer);
        var valid = item["valid"]?.GetValue<bool>() ?? true;

        Assert.Equal(valid, JsonPointer.TryParse(pointer, out var parsed, out _));
        var found = parsed?.TryGet(OracleSpecData.Rfc6901["document"], out var value) ?? (value = null) is not null;
        if (item.TryGetPropertyValue("expected", out var expected))
        {
            Assert.True(found, $"\"{pointer}\" was not found");
            Assert.True(RfcJsonPatch.JsonEquals(expected, value));
        }
        else
        {
            Assert.False(found, $"\"{pointer}\" found {value?.ToJsonString()}");
        }
    }

    [Theory]
    [MemberData(nameof(PatchCases))]
    public void TryApply_Rfc6902Case_GivesTheSpecsResultOrError(string name)
    {
        var item = OracleSpecData.Find(OracleSpecData.Rfc6902, "cases", "name", name);
        var (result, error) = Apply(item);

        if (item.ContainsKey("error"))
        {
            Assert.True(error is not null, $"{name}: applied, giving {result?.ToJsonString()}; the RFC says: {item["error"]}");
        }
        else
        {
            Assert.True(error is null, $"{name}: {error}");
            Assert.True(RfcJsonPatch.JsonEquals(item["expected"], result), $"{name}: {result?.ToJsonString()}");
        }
    }

    [Theory]
    [MemberData(nameof(MergePatchCases))]
    public void Apply_Rfc7396Case_GivesTheSpecsResult(string name)
    {
        var item = OracleSpecData.Find(OracleSpecData.Rfc7396, "cases", "name", name);

        var result = JsonMergePatch.Apply(item["original"], item["patch"]);

        Assert.True(RfcJsonPatch.JsonEquals(item["result"], result), $"{name}: {result?.ToJsonString()}");
        Assert.True(RfcJsonPatch.JsonEquals(OracleSpecData.Find(OracleSpecData.Rfc7396, "cases", "name", name)["original"], item["original"]), "the target was changed in place");
    }

    /// <summary>A case's patch applied by the library, as the strategy reads a patch: strictly (A.13 repeats a member).</summary>
    internal static (JsonNode? Result, string? Error) Apply(JsonObject item)
    {
        JsonNode? patch;
        try
        {
            patch = item["patchText"] is { } text ? UntrustedJson.ParseNode(Encoding.UTF8.GetBytes(text.GetValue<string>())) : item["patch"];
        }
        catch (JsonException e)
        {
            return (null, e.Message);
        }

        if (!JsonPatch.TryParse(patch, out var operations, out var invalid))
        {
            return (null, invalid);
        }

        return JsonPatch.TryApply(item["doc"], operations, out var result, out var error) ? (result, null) : (null, error);
    }
}
