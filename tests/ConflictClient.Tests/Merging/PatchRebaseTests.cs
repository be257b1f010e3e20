using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Merging;

/// <summary>A PATCH is a patch, not a document: rebased onto the latest state, its touched paths checked against the base.</summary>
public sealed class PatchRebaseTests
{
    [Fact]
    public void TouchedPaths_MergePatch_AreItsLeaves() =>
        Assert.Equal(["/a/b", "/c", "/d~1e"], PatchRebase.TouchedPaths(PatchKind.MergePatch, JsonNode.Parse("""{"a":{"b":1},"c":null,"d/e":[1]}""")));

    [Fact]
    public void TouchedPaths_JsonPatch_AreItsPathsAndSources() =>
        Assert.Equal(["/a", "/c", "/b"], PatchRebase.TouchedPaths(PatchKind.JsonPatch, JsonNode.Parse("""[{"op":"replace","path":"/a","value":1},{"op":"move","from":"/b","path":"/c"}]""")));

    [Fact]
    public void TouchedPaths_MergePatchThatIsNotAnObject_IsTheWholeDocument() =>
        Assert.Equal([""], PatchRebase.TouchedPaths(PatchKind.MergePatch, JsonNode.Parse("""[{"op":"replace","path":"/title","value":"x"}]""")));

    [Fact]
    public void Conflicts_AnAncestorTheServerTurnedIntoAValue_IsAConflict()
    {
        var patch = JsonNode.Parse("""{"settings":{"lang":"fr"}}""");

        var conflicts = PatchRebase.Conflicts(PatchRebase.TouchedPaths(PatchKind.MergePatch, patch), patch, PatchKind.MergePatch, JsonNode.Parse("""{"settings":{"theme":"dark"}}"""), hasBase: true, JsonNode.Parse("""{"settings":"default"}"""));

        Assert.Equal("/settings/lang", Assert.Single(conflicts).Path);
    }

    [Theory]
    [InlineData("""{"a":5}""", 0)]            // /a did not change on the server since the base: rebase cleanly
    [InlineData("""{"b":5}""", 1)]            // /b did: a conflict
    [InlineData("""{"a":5,"b":null}""", 1)]
    public void Conflicts_WithABase_AreTheTouchedPathsTheServerChanged(string patch, int expected)
    {
        var conflicts = PatchRebase.Conflicts(PatchRebase.TouchedPaths(PatchKind.MergePatch, JsonNode.Parse(patch)), JsonNode.Parse(patch), PatchKind.MergePatch, JsonNode.Parse("""{"a":1,"b":1}"""), hasBase: true, JsonNode.Parse("""{"a":1,"b":2}"""));

        Assert.Equal(expected, conflicts.Count);
    }

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
            o.VersionSource = ConflictClient.Versioning.VersionSource.JsonBody("/_rev");
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
