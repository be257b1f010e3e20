using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Merging;

/// <summary>A PATCH is a patch, not a document: rebased onto the latest state, re-sent only when the result keeps both sides' changes.</summary>
public sealed class PatchRebaseTests
{
    [Theory]
    [InlineData("""{"a":5}""", 0)]            // /a did not change on the server since the base: rebase cleanly
    [InlineData("""{"b":5}""", 1)]            // /b did: a conflict
    [InlineData("""{"a":5,"b":null}""", 1)]
    public void Rebase_WithABase_ConflictsWhereTheServerChangedWhatThePatchChanges(string patch, int expected) =>
        Assert.Equal(expected, Rebase(PatchKind.MergePatch, patch, """{"a":1,"b":1}""", """{"a":1,"b":2}""").Conflicts.Count);

    [Fact]
    public void Rebase_AnAncestorTheServerTurnedIntoAValue_IsAConflict() =>
        Assert.Equal("/settings", Assert.Single(Rebase(PatchKind.MergePatch, """{"settings":{"lang":"fr"}}""", """{"settings":{"theme":"dark"}}""", """{"settings":"default"}""").Conflicts).Path);

    // Fail closed (issue "Fail closed", class 1): each of these was re-sent and overwrote the other writer's change.
    [Theory]
    [InlineData(true, """[{"op":"replace","path":"","value":{"title":"mine"}}]""", """{"title":"t","note":"n"}""", """{"title":"t","note":"theirs"}""", "/note")]
    [InlineData(true, """[{"op":"add","path":"","value":{"title":"mine"}}]""", """{"title":"t","note":"n"}""", """{"title":"t","note":"theirs"}""", "/note")]
    [InlineData(false, """["replace","everything"]""", """{"title":"t","note":"n"}""", """{"title":"t","note":"theirs"}""", "/note")]
    [InlineData(false, """{"a":{"y":2}}""", """{"a":5}""", """{"a":6}""", "/a")]
    [InlineData(false, """{"a":{"y":2}}""", """{}""", """{"a":7}""", "/a")]
    [InlineData(false, """{"a":{"y":2}}""", """{"a":null}""", """{"a":{"x":1}}""", "/a")]
    [InlineData(false, """{"a":{"y":2}}""", """{"a":{"x":1}}""", """{}""", "/a")]
    [InlineData(true, """[{"op":"replace","path":"/items/1/name","value":"B"}]""", """{"items":[{"name":"x"},{"name":"x"}]}""", """{"items":[{"name":"new"},{"name":"x"},{"name":"x"}]}""", "/items")]
    public void Rebase_PatchThatWouldUndoAnotherWritersChange_IsAConflict(bool jsonPatch, string patch, string baseDocument, string remote, string path) =>
        Assert.Contains(path, Rebase(jsonPatch ? PatchKind.JsonPatch : PatchKind.MergePatch, patch, baseDocument, remote).Conflicts.Select(c => c.Path));

    [Fact]
    public void Rebase_WholeDocumentPatchAndNoChangeOnTheServer_IsClean() =>
        Assert.Empty(Rebase(PatchKind.JsonPatch, """[{"op":"replace","path":"","value":{"title":"mine"}}]""", """{"title":"t"}""", """{"title":"t"}""").Conflicts);

    [Fact]
    public void Rebase_PatchThatNoLongerApplies_IsAConflictSayingWhy()
    {
        var result = Rebase(PatchKind.JsonPatch, """[{"op":"replace","path":"/a/b","value":1}]""", """{"a":{"b":0}}""", """{"a":3}""");

        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal((string.Empty, """{"a":{"b":0}}""", "(missing)", """{"a":3}"""), (conflict.Path, conflict.Base.ToString(), conflict.Local.ToString(), conflict.Remote.ToString()));
        Assert.Contains("operation 0", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Rebase_PatchThatDoesNotApplyToItsOwnBase_IsAConflictSayingWhy()
    {
        var result = Rebase(PatchKind.JsonPatch, """[{"op":"remove","path":"/gone"}]""", """{"a":1}""", """{"a":1,"gone":2}""");

        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal((string.Empty, """{"a":1}""", "(missing)"), (conflict.Path, conflict.Base.ToString(), conflict.Local.ToString()));
        Assert.Contains("the location does not exist", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Rebase_Conflict_CarriesTheThreeValuesThere()
    {
        var conflict = Assert.Single(Rebase(PatchKind.MergePatch, """{"b":5}""", """{"a":1,"b":1}""", """{"a":1,"b":2}""").Conflicts);

        Assert.Equal(("/b", "1", "5", "2"), (conflict.Path, conflict.Base.ToString(), conflict.Local.ToString(), conflict.Remote.ToString()));
        Assert.Equal(ConflictClient.Json.JsonMergeResolutionKind.Unresolved, conflict.Resolution);
    }

    [Theory]
    [InlineData("""{"op":"replace","path":"/a","value":1}""")]        // not an array
    [InlineData("""[{"op":"replace","path":"a","value":1}]""")]       // a path that is no JSON Pointer
    [InlineData("""[{"op":"replace","path":"/a~2","value":1}]""")]
    [InlineData("""[{"op":"frobnicate","path":"/a"}]""")]             // an operation nobody knows
    [InlineData("""[{"op":"replace","value":1}]""")]                  // no path
    [InlineData("""[{"op":"replace","path":"/a"}]""")]                // no value
    [InlineData("""[{"op":"move","path":"/a"}]""")]                   // no from
    [InlineData("""[1]""")]
    public void Rebase_MalformedJsonPatch_IsInvalidNotSkipped(string patch) =>
        Assert.NotNull(Rebase(PatchKind.JsonPatch, patch, """{"a":0}""", """{"a":0}""").InvalidReason);

    [Fact]
    public void Rebase_ServerManagedFields_AreNoConflict() =>
        Assert.Empty(Rebase(PatchKind.MergePatch, """{"title":"mine","_rev":"1-a"}""", """{"title":"t","_rev":"1-a","meta":{"at":1}}""", """{"title":"t","_rev":"2-b","meta":{"at":2}}""", "/_rev", "/meta/*").Conflicts);

    [Fact]
    public void Rebase_WithoutABase_EveryLocationThePatchWouldChangeIsAConflict()
    {
        var result = PatchRebase.Rebase(PatchKind.MergePatch, JsonNode.Parse("""{"a":1,"b":2}"""), null, hasBase: false, JsonNode.Parse("""{"a":1,"b":1}"""), []);

        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal(("/b", "(missing)", "2", "1"), (conflict.Path, conflict.Base.ToString(), conflict.Local.ToString(), conflict.Remote.ToString()));
    }

    [Fact]
    public void Rebase_WithoutABaseAndNoLongerApplying_IsAConflictWithoutABaseValue()
    {
        var result = PatchRebase.Rebase(PatchKind.JsonPatch, JsonNode.Parse("""[{"op":"remove","path":"/x"}]"""), JsonNode.Parse("""{"x":1}"""), hasBase: false, JsonNode.Parse("""{"a":1}"""), []);

        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal((string.Empty, "(missing)", "(missing)", """{"a":1}"""), (conflict.Path, conflict.Base.ToString(), conflict.Local.ToString(), conflict.Remote.ToString()));
    }

    [Fact]
    public void Rebase_MalformedJsonPatch_SaysSo() =>
        Assert.Equal("the JSON Patch is malformed: a JSON Patch is an array of operations", Rebase(PatchKind.JsonPatch, "{}", "{}", "{}").InvalidReason);

    private static PatchRebaseResult Rebase(PatchKind kind, string patch, string baseDocument, string remote, params string[] serverManaged) =>
        PatchRebase.Rebase(kind, JsonNode.Parse(patch), JsonNode.Parse(baseDocument), hasBase: true, JsonNode.Parse(remote), serverManaged);

    [Theory]
    [InlineData("PATCH", "application/merge-patch+json", "MergePatch")]
    [InlineData("PATCH", "application/json", "MergePatch")]
    [InlineData("PATCH", "application/json-patch+json", "JsonPatch")]
    [InlineData("PUT", "application/merge-patch+json", null)]
    [InlineData("PATCH", "text/plain", null)]
    public void KindOf_ByMethodAndMediaType(string method, string mediaType, string? expected) =>
        Assert.Equal(expected, PatchRebase.KindOf(new HttpMethod(method), mediaType)?.ToString());

    [Fact]
    public async Task Patch_ThreeWayAndTheServerChangedOtherFields_ReSendsThePatchUnchanged()
    {
        await using var server = await KestrelResourceServer.StartAsync();
        server.Seed("/docs/a", new JsonObject { ["title"] = "t", ["note"] = "n" });
        await using var provider = TestClients.Create<IPatchApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ThreeWay());
        var api = provider.GetRequiredService<IPatchApi>();
        using (await api.GetAsync("a"))
        {
            // Read through the client: remembered as the base of version 1.
        }

        server.WriteDirectly("/docs/a", doc => doc["note"] = "theirs");
        await api.PatchAsync("a", new JsonObject { ["title"] = "mine" }, server.ETag(1));

        var (version, body) = server.Current("/docs/a");
        Assert.Equal(3, version);
        Assert.Equal("""{"title":"mine","note":"theirs"}""", body.ToJsonString());
    }

    [Fact]
    public async Task Patch_ThreeWayAndTheServerChangedTheSameField_FailsListingThePath()
    {
        await using var server = await KestrelResourceServer.StartAsync();
        server.Seed("/docs/a", new JsonObject { ["title"] = "t", ["note"] = "n" });
        await using var provider = TestClients.Create<IPatchApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ThreeWay());
        var api = provider.GetRequiredService<IPatchApi>();
        using (await api.GetAsync("a"))
        {
        }

        server.WriteDirectly("/docs/a", doc => doc["title"] = "theirs");
        var error = await Assert.ThrowsAsync<ConflictException>(() => api.PatchAsync("a", new JsonObject { ["title"] = "mine" }, server.ETag(1)));

        Assert.Equal(ConflictFailureReason.MergeUnresolved, error.Reason);
        var conflict = Assert.Single(error.MergeConflicts);
        Assert.Equal("/title", conflict.Path);
        Assert.Equal("\"t\"", conflict.Base.ToString());
        Assert.Equal("theirs", server.Current("/docs/a").Body["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_BodyVersionInThePatch_IsNoConflictOfItsOwn()
    {
        await using var server = await KestrelResourceServer.StartAsync(s => s.BodyVersion = true);
        server.Seed("/docs/a", new JsonObject { ["title"] = "t", ["note"] = "n" });
        await using var provider = TestClients.Create<IPatchApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ThreeWay();
            o.Versions.Source = ConflictClient.Versioning.VersionSource.JsonBody("/_rev");
        });
        var api = provider.GetRequiredService<IPatchApi>();
        using (await api.GetAsync("a"))
        {
        }

        server.WriteDirectly("/docs/a", doc => doc["note"] = "theirs");
        await api.PatchVersionedAsync("a", new JsonObject { ["title"] = "mine", ["_rev"] = "1-r" });

        Assert.Equal("""{"title":"mine","note":"theirs"}""", server.Current("/docs/a").Body.ToJsonString());
    }

    [Fact]
    public async Task Patch_ServerWinsAndTheServerChangedTheSameField_KeepsTheServersState()
    {
        await using var server = await KestrelResourceServer.StartAsync();
        server.Seed("/docs/a", new JsonObject { ["title"] = "t" });
        server.WriteDirectly("/docs/a", doc => doc["title"] = "theirs");
        await using var provider = TestClients.Create<IPatchApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ServerWins);

        var result = await provider.GetRequiredService<IPatchApi>().PatchAsync("a", new JsonObject { ["title"] = "mine" }, server.ETag(1));

        Assert.Equal("theirs", result["title"]!.GetValue<string>());
        Assert.Equal(2, server.Current("/docs/a").Version);
    }
}
