using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace ConflictClient.Tests.Merging;

public sealed class ReapplyTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UpdateAsync_EightWritersTwentyFiveChanges_LoseNothing(bool groupCommit)
    {
        using var server = new VersionedResourceServer();
        server.Seed("/docs/counter", new JsonObject { ["count"] = 0 });
        await using var provider = TestClients.Create<IDocumentApi>(server.BaseUri, o =>
        {
            o.GroupCommit = groupCommit;
            o.MergeStrategy = MergeStrategy.Fail;
            o.Retry.MaxAttempts = 100;
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(2);
            o.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
            o.Randomizer = Random.Shared.NextDouble;
        });
        var api = provider.GetRequiredService<IDocumentApi>();
        var conflicts = 0;

        await ConcurrentWriters.RunAsync(async (_, _, firstRoundRead) =>
        {
            var result = await Reapply.UpdateAsync(api,
                get: a => a.GetWithResponseAsync("counter"),
                put: async (a, doc, etag, reapply) =>
                {
                    await firstRoundRead();
                    return await a.PutConditionalAsync("counter", doc, etag!, reapply: reapply);
                },
                change: doc => new JsonObject { ["count"] = doc["count"]!.GetValue<int>() + 1 });
            Assert.True(result.Written);
            Interlocked.Add(ref conflicts, result.Conflicts);
        });

        const int changes = ConcurrentWriters.Writers * ConcurrentWriters.WritesPerWriter;
        Assert.Equal(changes, server.Current("/docs/counter")["count"]!.GetValue<int>());
        Assert.Equal(server.RejectedWrites, conflicts);
        if (groupCommit)
        {
            // One client: queued changes travel together, so fewer writes than changes, and none fight over the wire.
            Assert.True(server.AppliedWrites < changes, $"{server.AppliedWrites} writes for {changes} changes");
        }
        else
        {
            Assert.True(conflicts >= ConcurrentWriters.Writers - 1, $"saw {conflicts} conflicts");
        }
    }

    [Fact]
    public async Task UpdateAsync_FromCurrentState_WritesOnceWithoutReadingAndReturnsTheNewVersion()
    {
        using var server = new VersionedResourceServer();
        server.Seed("/todos/1", new JsonObject { ["title"] = "t", ["done"] = false });
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.Fail);
        var api = provider.GetRequiredService<ITodoApi>();

        var first = await Reapply.UpdateAsync(api,
            new Todo { Title = "t" }, "\"v1\"", put: (a, todo, etag, reapply) => a.UpdateAsync(1, todo, etag, reapply: reapply), change: todo => todo with { Done = true });
        var second = await Reapply.UpdateAsync(api,
            first.Value, first.EntityTag, put: (a, todo, etag, reapply) => a.UpdateAsync(1, todo, etag, reapply: reapply), change: todo => todo with { Title = "renamed" });

        Assert.Equal("\"v2\"", first.EntityTag);
        Assert.Equal("\"v3\"", second.EntityTag);
        Assert.Equal((1, 0), (second.Attempts, second.Conflicts));
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 200", "PUT /todos/1 If-Match:\"v2\" -> 200"], server.Log.Lines());
        Assert.Equal(("renamed", true), (server.Current("/todos/1")["title"]!.GetValue<string>(), server.Current("/todos/1")["done"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task UpdateAsync_FromStaleState_AppliesTheChangeToTheLatestState()
    {
        using var server = new VersionedResourceServer();
        server.Seed("/todos/1", new JsonObject { ["title"] = "t", ["done"] = false });
        server.WriteDirectly("/todos/1", doc => doc["title"] = "theirs");
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.Fail);

        var result = await Reapply.UpdateAsync(provider.GetRequiredService<ITodoApi>(),
            new Todo { Title = "t" }, "\"v1\"", put: (a, todo, etag, reapply) => a.UpdateAsync(1, todo, etag, reapply: reapply), change: todo => todo with { Done = true });

        Assert.Equal(("theirs", true), (result.Value.Title, result.Value.Done));
        Assert.Equal("\"v3\"", result.EntityTag);
        Assert.Equal(1, result.Conflicts);
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 412", "GET /todos/1 -> 200", "PUT /todos/1 If-Match:\"v2\" -> 200"], server.Log.Lines());
    }

    [Fact]
    public async Task UpdateAsync_IndependentClientsFromTheirLastState_LoseNothing()
    {
        using var server = new VersionedResourceServer();
        server.Seed("/docs/counter", new JsonObject { ["count"] = 0 });
        var providers = Enumerable.Range(0, ConcurrentWriters.Writers).Select(_ => TestClients.Create<IDocumentApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.Fail;
            o.Retry.MaxAttempts = 100;
            o.Randomizer = Random.Shared.NextDouble;
        })).ToArray();
        var states = new (JsonObject State, string? ETag)[ConcurrentWriters.Writers];
        var conflicts = 0;

        await ConcurrentWriters.RunAsync(async (writer, round, firstRoundRead) =>
        {
            var api = providers[writer].GetRequiredService<IDocumentApi>();
            if (round == 0)
            {
                using var read = await api.GetWithResponseAsync("counter");
                states[writer] = (read.Content!, read.Headers!.ETag!.ToString());
                await firstRoundRead(); // every writer starts from version 1, so all but one first write conflict
            }

            var result = await Reapply.UpdateAsync(api,
                states[writer].State,
                states[writer].ETag,
                put: (a, doc, etag, reapply) => a.PutConditionalAsync("counter", doc, etag!, reapply: reapply),
                change: doc => new JsonObject { ["count"] = doc["count"]!.GetValue<int>() + 1 });
            states[writer] = (result.Value, result.EntityTag);
            Interlocked.Add(ref conflicts, result.Conflicts);
        });

        foreach (var provider in providers)
        {
            await provider.DisposeAsync();
        }

        Assert.Equal(ConcurrentWriters.Writers * ConcurrentWriters.WritesPerWriter, server.Current("/docs/counter")["count"]!.GetValue<int>());
        Assert.Equal(server.RejectedWrites, conflicts);
        Assert.True(conflicts >= ConcurrentWriters.Writers - 1, $"saw {conflicts} conflicts");
    }

    [Fact]
    public async Task UpdateAsync_NothingToDo_WritesNothing()
    {
        using var server = new VersionedResourceServer();
        server.Seed("/todos/1", new JsonObject { ["title"] = "t", ["done"] = true });
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.Fail);

        var result = await Reapply.UpdateAsync(provider.GetRequiredService<ITodoApi>(),
            get: a => a.GetAsync(1),
            put: (a, todo, etag, reapply) => a.UpdateAsync(1, todo, etag, reapply: reapply),
            change: todo => todo.Done ? null : todo with { Done = true });

        Assert.False(result.Written);
        Assert.Equal(0, result.Attempts);
        Assert.Equal(["GET /todos/1 -> 200"], server.Log.Lines());
    }

    [Fact]
    public async Task UpdateAsync_ChangeAlreadyMadeByAnotherWriter_StopsWithoutWritingAgain()
    {
        using var server = new VersionedResourceServer();
        server.Seed("/todos/1", new JsonObject { ["title"] = "t", ["done"] = false });
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.Fail);

        var result = await Reapply.UpdateAsync(provider.GetRequiredService<ITodoApi>(),
            get: a => a.GetAsync(1),
            put: (a, todo, etag, reapply) =>
            {
                server.WriteDirectly("/todos/1", doc => doc["done"] = true);
                return a.UpdateAsync(1, todo, etag, reapply: reapply);
            },
            change: todo => todo.Done ? null : todo with { Done = true });

        Assert.False(result.Written);
        Assert.True(result.Value.Done);
        Assert.Equal(1, result.Conflicts);
        Assert.Equal(["GET /todos/1 -> 200", "PUT /todos/1 If-Match:\"v1\" -> 412", "GET /todos/1 -> 200"], server.Log.Lines());
    }

    [Fact]
    public async Task UpdateAsync_ClientWithoutConflictHandler_ExplainsWhatIsMissing()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        var api = RestService.ForGenerated<ITodoApi>(http, TestJson.Refit());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Reapply.UpdateAsync(api,
            get: _ => api.GetAsync(1),
            put: (a, todo, _, reapply) => a.UpdateAsync(1, todo, "\"v1\"", reapply: reapply),
            change: todo => todo with { Done = true }));

        Assert.Contains("AddConflictResolution", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateAsync_ChangeThrowsWhenReapplied_FailsWithMergeFailed()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.Fail);
        var calls = 0;

        var error = await Assert.ThrowsAsync<ConflictException>(() => Reapply.UpdateAsync(provider.GetRequiredService<ITodoApi>(),
            get: a => a.GetAsync(1),
            put: (a, todo, _, reapply) => a.UpdateAsync(1, todo, "\"v1\"", reapply: reapply),
            change: todo => ++calls == 1 ? todo with { Done = true } : throw new InvalidOperationException("boom")));

        Assert.Equal(ConflictFailureReason.MergeFailed, error.Reason);
        Assert.Equal(2, server.VersionOf("/todos/1"));
    }
}
