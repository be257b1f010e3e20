using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Merging;

public sealed class CustomMergeTests
{
    [Fact]
    public async Task Custom_TypedMerge_ReceivesBothSidesAndVersionsAndItsResultIsWritten()
    {
        using var server = new VersionedResourceServer();
        server.Seed("/todos/1", new JsonObject { ["title"] = "original", ["tags"] = new JsonArray("a") });
        server.WriteDirectly("/todos/1", doc => doc["tags"] = new JsonArray("a", "theirs"));
        var seen = new List<ConflictMergeArguments<Todo>>();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.Custom<Todo>(args =>
        {
            seen.Add(args);
            var merged = args.Remote with { Title = args.Local.Title, Tags = [.. args.Remote.Tags.Union(args.Local.Tags)] };
            return ValueTask.FromResult(args.Merged(merged));
        }));

        var result = await provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine", Tags = ["a", "mine"] }, "\"v1\"");

        var args = Assert.Single(seen);
        Assert.Equal("mine", args.Local.Title);
        Assert.Equal(["a", "theirs"], args.Remote.Tags);
        Assert.Equal("\"v1\"", args.LocalVersion.Value);
        Assert.Equal("\"v2\"", args.RemoteVersion.Value);
        Assert.Equal(1, args.Attempt);
        Assert.False(args.HasBase);
        Assert.Equal(HttpMethod.Put, args.Method);
        Assert.Equal(["a", "theirs", "mine"], result.Tags);
        var resent = JsonNode.Parse(server.Log[2].RequestMessage!.Body!)!;
        Assert.Equal("""["a","theirs","mine"]""", resent["tags"]!.ToJsonString());
        Assert.Equal("\"v2\"", server.Log[2].Header("If-Match"));
        Assert.Equal("""["a","theirs","mine"]""", server.Current("/todos/1")["tags"]!.ToJsonString());
    }

    [Fact]
    public async Task Custom_JsonNodeMerge_KeepsRemoteFieldsAndMyField()
    {
        using var server = new VersionedResourceServer();
        server.Seed("/docs/a", new JsonObject { ["a"] = 1, ["b"] = 1 });
        server.WriteDirectly("/docs/a", doc => doc["a"] = 2);
        await using var provider = TestClients.Create<IDocumentApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.Custom(args =>
        {
            var merged = args.Remote!.AsObject();
            merged["b"] = args.Local!["b"]!.DeepClone();
            return ValueTask.FromResult(args.Merged(merged));
        }));

        await provider.GetRequiredService<IDocumentApi>().PutConditionalAsync("a", new JsonObject { ["a"] = 1, ["b"] = 5 }, "\"v1\"");

        Assert.Equal(["PUT /docs/a If-Match:\"v1\" -> 412", "GET /docs/a -> 200", "PUT /docs/a If-Match:\"v2\" -> 200"], server.Log.Lines());
        Assert.Equal("""{"a":2,"b":5}""", server.Current("/docs/a").ToJsonString());
    }

    [Fact]
    public async Task Custom_MergedNull_FailsTypedAndSendsNothing()
    {
        using var server = new VersionedResourceServer();
        server.Seed("/docs/a", new JsonObject { ["a"] = 1 });
        server.WriteDirectly("/docs/a", doc => doc["a"] = 2);
        await using var provider = TestClients.Create<IDocumentApi>(server.BaseUri, o =>
            o.MergeStrategy = MergeStrategy.Custom(args => ValueTask.FromResult(args.Merged(null))));

        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            provider.GetRequiredService<IDocumentApi>().PutConditionalAsync("a", new JsonObject { ["a"] = 3 }, "\"v1\""));

        Assert.Equal(ConflictFailureReason.MergeFailed, error.Reason);
        Assert.Contains("returned null", error.Message, StringComparison.Ordinal);
        Assert.Equal(["PUT /docs/a If-Match:\"v1\" -> 412", "GET /docs/a -> 200"], server.Log.Lines());
        Assert.Equal("""{"a":2}""", server.Current("/docs/a").ToJsonString());
    }

    [Fact]
    public async Task Custom_AcceptRemote_ReturnsServerStateLikeServerWins()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o =>
            o.MergeStrategy = MergeStrategy.Custom<Todo>(args => ValueTask.FromResult(args.AcceptRemote())));

        var result = await provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\"");

        Assert.Equal("theirs", result.Title);
        Assert.Equal(2, server.Log.Count);
        Assert.Equal(2, server.VersionOf("/todos/1"));
    }

    [Fact]
    public async Task Custom_DefaultResult_FailsTheWriteWithATypedError()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o =>
            o.MergeStrategy = MergeStrategy.Custom<Todo>(_ => ValueTask.FromResult(default(MergeResult<Todo>))));

        var error = await Assert.ThrowsAsync<ConflictClient.Conflicts.ConflictException>(() =>
            provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\""));

        Assert.Equal(ConflictClient.Conflicts.ConflictFailureReason.MergeFailed, error.Reason);
        Assert.Contains("default MergeResult", error.Message, StringComparison.Ordinal);
    }
}
