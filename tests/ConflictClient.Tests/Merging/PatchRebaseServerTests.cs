using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Merging;

/// <summary>
/// Issue "Fail closed", class 1, against a real Kestrel server that applies patches by the RFCs (the tests' oracles):
/// each of these PATCHes used to be re-sent after a 412, answered 200, and the other writer's change was gone.
/// </summary>
public sealed class PatchRebaseServerTests
{
    [Fact]
    public async Task JsonPatch_WholeDocumentAfterAnotherWritersChange_FailsAndTheirChangeStays()
    {
        await using var server = await SeededAsync();
        await using var provider = Client(server);
        var api = await ReadAsync(provider);

        server.WriteDirectly("/docs/a", doc => doc["note"] = "theirs");
        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            api.JsonPatchAsync("a", [new JsonObject { ["op"] = "replace", ["path"] = "", ["value"] = new JsonObject { ["title"] = "mine" } }], server.ETag(1)));

        Assert.Equal(ConflictFailureReason.MergeUnresolved, error.Reason);
        Assert.Contains("/note", error.MergeConflicts.Select(c => c.Path));
        Assert.Equal("""{"title":"t","note":"theirs"}""", server.Current("/docs/a").Body.ToJsonString());
    }

    [Fact]
    public async Task MergePatch_NotAnObjectAfterAnotherWritersChange_FailsAndTheirChangeStays()
    {
        await using var server = await SeededAsync();
        await using var provider = Client(server);
        var api = await ReadAsync(provider);

        server.WriteDirectly("/docs/a", doc => doc["note"] = "theirs");
        var error = await Assert.ThrowsAsync<ConflictException>(() => api.MergePatchAsync("a", new JsonArray("replace"), server.ETag(1)));

        Assert.Equal(ConflictFailureReason.MergeUnresolved, error.Reason);
        Assert.Equal(2, server.Current("/docs/a").Version);
    }

    [Theory]
    [InlineData("""{"settings":5}""", """{"settings":6}""")]            // a scalar they changed
    [InlineData("""{}""", """{"settings":7}""")]                        // a member they added
    [InlineData("""{"settings":null}""", """{"settings":{"x":1}}""")]  // null they made an object
    [InlineData("""{"settings":{"x":1}}""", """{}""")]                  // a parent they deleted
    public async Task MergePatch_WritingUnderAParentAnotherWriterChanged_FailsAndTheirChangeStays(string before, string theirs)
    {
        await using var server = await KestrelResourceServer.StartAsync();
        server.Seed("/docs/a", (JsonObject)JsonNode.Parse(before)!);
        await using var provider = Client(server);
        var api = await ReadAsync(provider);

        server.WriteDirectly("/docs/a", doc =>
        {
            doc.Clear();
            foreach (var (name, value) in (JsonObject)JsonNode.Parse(theirs)!)
            {
                doc[name] = value?.DeepClone();
            }
        });
        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            api.MergePatchAsync("a", new JsonObject { ["settings"] = new JsonObject { ["y"] = 2 } }, server.ETag(1)));

        Assert.Equal(ConflictFailureReason.MergeUnresolved, error.Reason);
        Assert.Equal(JsonNode.Parse(theirs)!.ToJsonString(), server.Current("/docs/a").Body.ToJsonString());
    }

    [Fact]
    public async Task JsonPatch_TheirChangeElsewhere_IsReSentAndBothChangesStay()
    {
        await using var server = await SeededAsync();
        await using var provider = Client(server);
        var api = await ReadAsync(provider);

        server.WriteDirectly("/docs/a", doc => doc["note"] = "theirs");
        await api.JsonPatchAsync("a", [new JsonObject { ["op"] = "replace", ["path"] = "/title", ["value"] = "mine" }], server.ETag(1));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"title":"mine","note":"theirs"}"""), server.Current("/docs/a").Body));
    }

    [Fact]
    public async Task JsonPatch_MalformedOperation_FailsTypedAfterTheConflictAndSendsNothingMore()
    {
        await using var server = await SeededAsync();
        await using var provider = Client(server);
        var api = await ReadAsync(provider);

        server.WriteDirectly("/docs/a", doc => doc["note"] = "theirs");
        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            api.JsonPatchAsync("a", [new JsonObject { ["op"] = "replace", ["path"] = "title", ["value"] = "mine" }], server.ETag(1)));

        Assert.Equal(ConflictFailureReason.InvalidRepresentation, error.Reason);
        Assert.Contains("not a patch that can be read", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Current("/docs/a").Version);
    }

    [Fact]
    public async Task Patch_InAFormatThatIsNoPatchFormatUnderThreeWay_FailsTypedAndSendsNothingMore()
    {
        await using var server = await SeededAsync();
        await using var provider = Client(server);
        var api = await ReadAsync(provider);

        server.WriteDirectly("/docs/a", doc => doc["note"] = "theirs");
        var error = await Assert.ThrowsAsync<ConflictException>(() => api.VendorPatchAsync("a", new JsonObject { ["title"] = "mine" }, server.ETag(1)));

        Assert.Equal(ConflictFailureReason.MergeUnresolved, error.Reason);
        Assert.Contains("application/vnd.api+json, which is neither JSON Patch", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Current("/docs/a").Version);
    }

    private static async Task<KestrelResourceServer> SeededAsync()
    {
        var server = await KestrelResourceServer.StartAsync();
        server.Seed("/docs/a", new JsonObject { ["title"] = "t", ["note"] = "n" });
        return server;
    }

    private static ServiceProvider Client(KestrelResourceServer server) =>
        TestClients.Create<IPatchApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ThreeWay());

    /// <summary>Reads the resource through the client, so version 1 is remembered as the base of the patch.</summary>
    private static async Task<IPatchApi> ReadAsync(ServiceProvider provider)
    {
        var api = provider.GetRequiredService<IPatchApi>();
        using (await api.GetAsync("a"))
        {
        }

        return api;
    }
}
