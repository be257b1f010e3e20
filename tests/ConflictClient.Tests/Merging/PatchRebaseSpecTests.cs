using System.Text.Json.Nodes;
using ConflictClient.Merging;
using ConflictClient.Tests.Json;
using ConflictClient.Tests.Oracles;

namespace ConflictClient.Tests.Merging;

/// <summary>
/// Every example of RFC 6902 and RFC 7396 rebased (issue "Fail closed"): the example's document is the base, and the
/// server meanwhile is unchanged, changed elsewhere, or changed at each location the patch changes. The rebase re-sends
/// the patch exactly when the server, applying it by the RFC (the oracle), would keep both writers' changes.
/// </summary>
public sealed class PatchRebaseSpecTests
{
    public static TheoryData<string> PatchCases => OracleSpecData.Names(OracleSpecData.Rfc6902, "cases", "name", item => !item.ContainsKey("error") && !item.ContainsKey("patchText"));

    public static TheoryData<string> MergePatchCases => OracleSpecData.Names(OracleSpecData.Rfc7396, "cases", "name");

    [Theory]
    [MemberData(nameof(PatchCases))]
    public void Rebase_Rfc6902Example_ReSendsExactlyWhenBothChangesSurvive(string name)
    {
        var item = OracleSpecData.Find(OracleSpecData.Rfc6902, "cases", "name", name);
        Check(PatchKind.JsonPatch, item["doc"], item["patch"], RfcJsonPatch.Apply);
    }

    [Theory]
    [MemberData(nameof(MergePatchCases))]
    public void Rebase_Rfc7396Example_ReSendsExactlyWhenBothChangesSurvive(string name)
    {
        var item = OracleSpecData.Find(OracleSpecData.Rfc7396, "cases", "name", name);
        Check(PatchKind.MergePatch, item["original"], item["patch"], RfcMergePatch.Apply);
    }

    private static void Check(PatchKind kind, JsonNode? original, JsonNode? patch, Func<JsonNode?, JsonNode?, JsonNode?> serverApplies)
    {
        var mine = serverApplies(original, patch);
        var scenarios = Servers(original, mine).ToList();
        Assert.NotEmpty(scenarios);
        foreach (var (scenario, theirs) in scenarios)
        {
            bool clean;
            try
            {
                clean = DocumentChanges.KeepsBoth(original, mine, theirs, serverApplies(theirs, patch), out _);
            }
            catch (RfcPatchException)
            {
                clean = false;
            }

            var rebase = PatchRebase.Rebase(kind, patch?.DeepClone(), original?.DeepClone(), hasBase: true, theirs?.DeepClone(), []);
            Assert.Null(rebase.InvalidReason);
            Assert.True(clean == (rebase.Conflicts.Count == 0), $"{scenario}: the server would {(clean ? "keep" : "lose")} a change, the rebase found [{string.Join("; ", rebase.Conflicts)}]");
        }
    }

    /// <summary>The server's state: unchanged, changed where the patch does not write, and changed where it does.</summary>
    private static IEnumerable<(string Scenario, JsonNode? Theirs)> Servers(JsonNode? original, JsonNode? mine)
    {
        yield return ("unchanged", original?.DeepClone());
        if (original is JsonObject obj)
        {
            var elsewhere = (JsonObject)obj.DeepClone();
            elsewhere["theirs-only"] = true;
            yield return ("a member they added", elsewhere);
        }

        foreach (var location in DocumentChanges.Between(original, mine))
        {
            var theirs = original?.DeepClone();
            if (location.Length == 0)
            {
                yield return ("the whole document they replaced", JsonValue.Create("theirs"));
                continue;
            }

            if (RfcPointer.TryEvaluate(theirs, location, location.Length - 1, out var parent) && parent is JsonObject member)
            {
                member[location[^1]] = "theirs";
                yield return ($"{DocumentChanges.Pointer(location)} they changed", theirs);
            }
            else if (parent is JsonArray array && int.TryParse(location[^1], out var index) && index < array.Count)
            {
                array[index] = "theirs";
                yield return ($"{DocumentChanges.Pointer(location)} they changed", theirs);
            }
        }
    }
}
