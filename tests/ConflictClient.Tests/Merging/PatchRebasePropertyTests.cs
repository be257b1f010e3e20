using System.Text.Json.Nodes;
using ConflictClient.Merging;
using ConflictClient.Tests.Oracles;
using ConflictClient.Tests.Support;
using CsCheck;

namespace ConflictClient.Tests.Merging;

/// <summary>
/// Patch rebase against independent oracles (issue "Fail closed"): the server applies the re-sent patch by the RFCs'
/// rules (<see cref="RfcMergePatch"/>, <see cref="RfcJsonPatch"/>), and what must survive is computed by
/// <see cref="DocumentChanges"/>. Another writer's change is a random JSON Patch. 10,000 cases each, shrunk on failure.
/// </summary>
public sealed class PatchRebasePropertyTests
{
    private const int Cases = 10_000;

    [Fact]
    public void Rebase_MergePatchReSentWithoutConflict_KeepsTheirChangesAndMine() =>
        Check(PatchKind.MergePatch);

    [Fact]
    public void Rebase_JsonPatchReSentWithoutConflict_KeepsTheirChangesAndMine() =>
        Check(PatchKind.JsonPatch);

    [Fact]
    public void Rebase_MergePatchTouchingWhatTheyChanged_IsAlwaysAConflict() =>
        CheckOverlap(PatchKind.MergePatch);

    [Fact]
    public void Rebase_JsonPatchTouchingWhatTheyChanged_IsAlwaysAConflict() =>
        CheckOverlap(PatchKind.JsonPatch);

    [Fact]
    public void Rebase_WithoutABaseAndNoConflict_TheServersStateIsLeftAsItIs() =>
        Gen.Select(RandomJson.Document, Gen.Int, Gen.Int).Sample(
            input =>
            {
                var (patch, _, theirs) = Sides(PatchKind.JsonPatch, input);
                var rebase = PatchRebase.Rebase(PatchKind.JsonPatch, patch, null, hasBase: false, theirs, []);
                return rebase.Conflicts.Count > 0 || RfcJsonPatch.JsonEquals(ServerApplies(PatchKind.JsonPatch, theirs, patch), theirs);
            },
            iter: Cases);

    private static void Check(PatchKind kind)
    {
        var clean = 0;
        Gen.Select(RandomJson.Document, Gen.Int, Gen.Int).Sample(
            input =>
            {
                var (patch, mine, theirs) = Sides(kind, input);
                var rebase = PatchRebase.Rebase(kind, patch, input.Item1, hasBase: true, theirs, []);
                if (rebase.InvalidReason is not null)
                {
                    return false;
                }

                if (rebase.Conflicts.Count > 0)
                {
                    return true;
                }

                Interlocked.Increment(ref clean);
                try
                {
                    return DocumentChanges.KeepsBoth(input.Item1, mine, theirs, ServerApplies(kind, theirs, patch), out _);
                }
                catch (RfcPatchException)
                {
                    return false; // re-sent, and the server would refuse it: the rebase should have said so
                }
            },
            iter: Cases,
            print: input => Print(kind, input));

        Assert.True(clean > Cases / 10, $"only {clean} of {Cases} rebases were clean: the property says little");
    }

    private static void CheckOverlap(PatchKind kind)
    {
        var overlapping = 0;
        Gen.Select(RandomJson.Document, Gen.Int, Gen.Int).Sample(
            input =>
            {
                var (patch, mine, theirs) = Sides(kind, input);
                if (!DocumentChanges.Overlap(input.Item1, mine, theirs, out _))
                {
                    return true;
                }

                Interlocked.Increment(ref overlapping);
                return PatchRebase.Rebase(kind, patch, input.Item1, hasBase: true, theirs, []).Conflicts.Count > 0;
            },
            iter: Cases,
            print: input => Print(kind, input));

        Assert.True(overlapping > Cases / 20, $"only {overlapping} of {Cases} cases overlapped");
    }

    private static (JsonNode? Patch, JsonNode? Mine, JsonNode? Theirs) Sides(PatchKind kind, (JsonNode? Original, int MySeed, int TheirSeed) input)
    {
        JsonNode? patch = kind == PatchKind.MergePatch
            ? RandomJson.MergePatch(input.Original, new Random(input.MySeed))
            : RandomJson.JsonPatch(input.Original, new Random(input.MySeed));
        var theirs = RfcJsonPatch.Apply(input.Original, RandomJson.JsonPatch(input.Original, new Random(input.TheirSeed)));
        return (patch, ServerApplies(kind, input.Original, patch), theirs);
    }

    private static JsonNode? ServerApplies(PatchKind kind, JsonNode? document, JsonNode? patch) =>
        kind == PatchKind.MergePatch ? RfcMergePatch.Apply(document, patch) : RfcJsonPatch.Apply(document, patch);

    private static string Print(PatchKind kind, (JsonNode? Original, int MySeed, int TheirSeed) input)
    {
        var (patch, mine, theirs) = Sides(kind, input);
        var rebase = PatchRebase.Rebase(kind, patch, input.Original, hasBase: true, theirs, []);
        string server;
        try
        {
            server = Show(ServerApplies(kind, theirs, patch));
        }
        catch (RfcPatchException e)
        {
            server = $"(refused: {e.Message})";
        }

        return $"base {Show(input.Original)} patch {Show(patch)} mine {Show(mine)} theirs {Show(theirs)} server {server} " +
            $"conflicts [{string.Join("; ", rebase.Conflicts)}] invalid {rebase.InvalidReason}";
    }

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";
}
