using System.Text.Json.Nodes;
using ConflictClient.Json;
using ConflictClient.Tests.Oracles;
using ConflictClient.Tests.Support;
using CsCheck;

namespace ConflictClient.Tests.Json;

/// <summary>
/// The three-way merge against an independent oracle (issue "Fail closed"): both sides' changes are random JSON Patches
/// applied by <see cref="RfcJsonPatch"/>, and what must survive is computed by <see cref="DocumentChanges"/>, neither of
/// which shares code with the merge. 10,000 cases each, shrunk on failure.
/// </summary>
public sealed class ThreeWayOraclePropertyTests
{
    /// <summary>Absence is deletion here: the oracle models a document, not a caller's partial model.</summary>
    private static readonly JsonMergeOptions Deleting = new() { LocalAbsence = JsonLocalAbsence.Deleted };

    private const int Cases = 10_000;

    [Fact]
    public void ThreeWay_NoConflictReported_KeepsEveryChangeOfBothSides()
    {
        var clean = 0;
        Gen.Select(RandomJson.Document, Gen.Int, Gen.Int).Sample(
            input =>
            {
                var (original, mine, theirs) = Sides(input);
                var result = JsonMerge.ThreeWay(original, mine, theirs, Deleting);
                if (result.HasUnresolvedConflicts)
                {
                    return true;
                }

                Interlocked.Increment(ref clean);
                return DocumentChanges.KeepsBoth(original, mine, theirs, result.Merged, out _);
            },
            iter: Cases,
            print: Print);

        Assert.True(clean > Cases / 10, $"only {clean} of {Cases} merges had no conflict: the property says little");
    }

    [Fact]
    public void ThreeWay_BothSidesChangeOnePath_IsAlwaysAConflict()
    {
        var overlapping = 0;
        Gen.Select(RandomJson.Document, Gen.Int, Gen.Int).Sample(
            input =>
            {
                var (original, mine, theirs) = Sides(input);
                if (!DocumentChanges.Overlap(original, mine, theirs, out _))
                {
                    return true;
                }

                Interlocked.Increment(ref overlapping);
                return JsonMerge.ThreeWay(original, mine, theirs, Deleting).HasUnresolvedConflicts;
            },
            iter: Cases,
            print: Print);

        Assert.True(overlapping > Cases / 20, $"only {overlapping} of {Cases} cases overlapped");
    }

    private static (JsonNode? Original, JsonNode? Mine, JsonNode? Theirs) Sides((JsonNode? Original, int MySeed, int TheirSeed) input) =>
        (input.Original,
         RfcJsonPatch.Apply(input.Original, RandomJson.JsonPatch(input.Original, new Random(input.MySeed))),
         RfcJsonPatch.Apply(input.Original, RandomJson.JsonPatch(input.Original, new Random(input.TheirSeed))));

    private static string Print((JsonNode? Original, int MySeed, int TheirSeed) input)
    {
        var (original, mine, theirs) = Sides(input);
        var result = JsonMerge.ThreeWay(original, mine, theirs, Deleting);
        DocumentChanges.KeepsBoth(original, mine, theirs, result.Merged, out var lost);
        return $"base {Show(original)} mine {Show(mine)} theirs {Show(theirs)} merged {result.ToJsonString()} " +
            $"conflicts [{string.Join("; ", result.Conflicts)}] lost {lost}";
    }

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";
}
