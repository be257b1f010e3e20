using System.Net;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Merging;

public sealed class ThreeWayMergeStrategyTests
{
    private const int Total = ConcurrentWriters.Writers * ConcurrentWriters.WritesPerWriter;

    [Fact]
    public async Task ThreeWay_ConcurrentWritersOnDifferentFields_AllKeepTheirEdits()
    {
        using var server = new VersionedResourceServer();
        server.Seed("/docs/d", Fields(_ => -1));
        await using var provider = Client(server, MergeStrategy.ThreeWay());

        await ConcurrentWriters.RunAsync(provider.GetRequiredService<IDocumentApi>(), "d", (doc, writer, i) => doc[$"f{writer}"] = i);

        var final = server.Current("/docs/d");
        var lostEdits = Enumerable.Range(0, ConcurrentWriters.Writers).Count(w => final[$"f{w}"]!.GetValue<int>() != ConcurrentWriters.WritesPerWriter - 1);
        Assert.Equal(0, lostEdits);
        Assert.Equal(Total, server.AppliedWrites);
        Assert.True(server.RejectedWrites >= ConcurrentWriters.Writers - 1, $"saw {server.RejectedWrites} conflicts");
    }

    [Fact]
    public async Task ThreeWay_ConcurrentIncrementsWithAdditive_LoseNothing()
    {
        using var server = new VersionedResourceServer();
        server.Seed("/docs/counter", new JsonObject { ["count"] = 0 });
        await using var provider = Client(server, MergeStrategy.ThreeWay(o => o.At("/count").Additive()));

        await ConcurrentWriters.RunAsync(provider.GetRequiredService<IDocumentApi>(), "counter", (doc, _, _) => doc["count"] = doc["count"]!.GetValue<int>() + 1);

        Assert.Equal(Total, server.Current("/docs/counter")["count"]!.GetValue<int>());
        Assert.True(server.RejectedWrites >= ConcurrentWriters.Writers - 1, $"saw {server.RejectedWrites} conflicts");
    }

    [Fact]
    public async Task ThreeWay_ConcurrentWritersAddingKeyedItems_AllLand()
    {
        using var server = new VersionedResourceServer();
        server.Seed("/docs/list", new JsonObject { ["items"] = new JsonArray() });
        await using var provider = Client(server, MergeStrategy.ThreeWay(o => o.At("/items").MergeByKey("id")));

        await ConcurrentWriters.RunAsync(provider.GetRequiredService<IDocumentApi>(), "list", (doc, writer, i) =>
            doc["items"]!.AsArray().Add(new JsonObject { ["id"] = $"w{writer}-{i}", ["by"] = writer }));

        var ids = server.Current("/docs/list")["items"]!.AsArray().Select(item => item!["id"]!.GetValue<string>()).ToHashSet();
        var lost = Enumerable.Range(0, ConcurrentWriters.Writers)
            .SelectMany(w => Enumerable.Range(0, ConcurrentWriters.WritesPerWriter).Select(i => $"w{w}-{i}"))
            .Count(id => !ids.Contains(id));
        Assert.Equal(0, lost);
        Assert.Equal(Total, ids.Count);
    }

    [Fact]
    public async Task ThreeWay_SameFieldChangedOnBothSides_FailsListingTheConflictAndWritesNothing()
    {
        using var server = new VersionedResourceServer();
        server.Seed("/docs/d", new JsonObject { ["title"] = "original", ["other"] = 1 });
        await using var provider = Client(server, MergeStrategy.ThreeWay());
        var api = provider.GetRequiredService<IDocumentApi>();
        using var read = await api.GetWithResponseAsync("d");
        server.WriteDirectly("/docs/d", doc => doc["title"] = "theirs");
        var mine = read.Content!;
        mine["title"] = "mine";

        var error = await Assert.ThrowsAsync<ConflictException>(() => api.PutConditionalAsync("d", mine, read.Headers!.ETag!.ToString()));

        Assert.Equal(ConflictFailureReason.MergeUnresolved, error.Reason);
        var conflict = Assert.Single(error.MergeConflicts);
        Assert.Equal("/title", conflict.Path);
        Assert.Equal("\"original\"", conflict.Base.ToString());
        Assert.Equal("\"mine\"", conflict.Local.ToString());
        Assert.Equal("\"theirs\"", conflict.Remote.ToString());
        Assert.Contains("/title", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("mine", error.Message, StringComparison.Ordinal);
        Assert.Equal(["GET /docs/d -> 200", "PUT /docs/d If-Match:\"v1\" -> 412", "GET /docs/d -> 200"], server.Log.Lines());
        Assert.Equal("theirs", server.Current("/docs/d")["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task ThreeWay_BasePassedWithTheRequest_IsUsedWhenNothingWasRemembered()
    {
        using var server = new VersionedResourceServer();
        server.Seed("/docs/d", new JsonObject { ["a"] = 1, ["b"] = 1 });
        server.WriteDirectly("/docs/d", doc => doc["a"] = 2);
        await using var provider = Client(server, MergeStrategy.ThreeWay(), baseCacheSize: 0);

        await provider.GetRequiredService<IDocumentApi>().PutWithBaseAsync(
            "d", new JsonObject { ["a"] = 1, ["b"] = 5 }, "\"v1\"", originalDocument: new JsonObject { ["a"] = 1, ["b"] = 1 });

        Assert.Equal("""{"a":2,"b":5}""", server.Current("/docs/d").ToJsonString());
    }

    [Fact]
    public async Task ThreeWay_FirstMergeAfterA428Resend_StillUsesTheBasePassedWithTheRequest()
    {
        using var server = new VersionedResourceServer(new VersionedResourceSimulatorOptions { RequirePrecondition = true });
        server.Seed("/docs/d", new JsonObject { ["a"] = 1, ["b"] = 1 });
        server.WriteDirectly("/docs/d", doc => doc["a"] = 2);
        server.RejectNextWrites(1);
        await using var provider = Client(server, MergeStrategy.ThreeWay(), baseCacheSize: 0);

        await provider.GetRequiredService<IDocumentApi>().PutWithBaseAsync(
            "d", new JsonObject { ["a"] = 1, ["b"] = 5 }, ifMatch: null!, originalDocument: new JsonObject { ["a"] = 1, ["b"] = 1 });

        Assert.Equal(
            ["PUT /docs/d -> 428", "GET /docs/d -> 200", "PUT /docs/d If-Match:\"v2\" -> 412", "GET /docs/d -> 200", "PUT /docs/d If-Match:\"v3\" -> 200"],
            server.Log.Lines());
        Assert.Equal("""{"a":2,"b":5}""", server.Current("/docs/d").ToJsonString());
    }

    [Fact]
    public async Task ThreeWay_NoBaseKnown_KeepsRemoteChangesAndFailsOnDifferences()
    {
        using var server = new VersionedResourceServer();
        server.Seed("/docs/d", new JsonObject { ["a"] = 1, ["b"] = 1 });
        server.WriteDirectly("/docs/d", doc => doc["added"] = true);
        await using var provider = Client(server, MergeStrategy.ThreeWay(), baseCacheSize: 0);
        var api = provider.GetRequiredService<IDocumentApi>();

        await api.PutConditionalAsync("d", new JsonObject { ["a"] = 1, ["b"] = 1, ["mine"] = true }, "\"v1\"");
        server.WriteDirectly("/docs/d", doc => doc["a"] = 2);
        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            api.PutConditionalAsync("d", new JsonObject { ["a"] = 1, ["b"] = 7, ["added"] = true, ["mine"] = true }, "\"v3\""));

        Assert.Equal("""{"a":1,"b":1,"added":true,"mine":true}""", JsonNode.Parse(server.Log[2].RequestMessage!.Body!)!.ToJsonString());
        Assert.Contains("no base was known", error.Message, StringComparison.Ordinal);
        Assert.Equal(["/a", "/b"], error.MergeConflicts.Select(c => c.Path));
    }

    [Fact]
    public async Task ThreeWay_TypedPropertyDelegate_MergesThatPropertyAndTheEngineTheRest()
    {
        using var server = new VersionedResourceServer();
        server.Seed("/todos/1", new JsonObject { ["title"] = "buy milk", ["done"] = false, ["tags"] = new JsonArray() });
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ThreeWay<Todo>(m =>
            m.Property(t => t.Title, (b, l, r) => $"{r} / {l}")));
        var api = provider.GetRequiredService<ITodoApi>();
        using var read = await api.GetAsync(1);
        server.WriteDirectly("/todos/1", doc => doc["title"] = "buy oat milk");

        var saved = await api.UpdateAsync(1, read.Content! with { Title = "buy milk today", Done = true }, read.Headers!.ETag!.ToString());

        Assert.Equal("buy oat milk / buy milk today", saved.Title);
        Assert.True(saved.Done);
    }

    private static ServiceProvider Client(VersionedResourceServer server, MergeStrategy merge, int? baseCacheSize = null) =>
        TestClients.Create<IDocumentApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = merge;
            o.Retry.MaxAttempts = 100;
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(2);
            o.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
            o.Randomizer = Random.Shared.NextDouble;
            o.Bases.CacheSize = baseCacheSize ?? o.Bases.CacheSize;
        });

    private static JsonObject Fields(Func<int, int> value)
    {
        var doc = new JsonObject();
        for (var w = 0; w < ConcurrentWriters.Writers; w++)
        {
            doc[$"f{w}"] = value(w);
        }

        return doc;
    }
}
