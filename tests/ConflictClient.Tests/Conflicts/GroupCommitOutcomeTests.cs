using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using ConflictClient.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Polly;

namespace ConflictClient.Tests.Conflicts;

/// <summary>Group commit against real servers' answers, and with callers that cancel.</summary>
public sealed class GroupCommitOutcomeTests
{
    [Theory]
    [InlineData(PutAnswer.CouchStatus)]
    [InlineData(PutAnswer.NoContent)]
    [InlineData(PutAnswer.Representation)]
    public async Task Reapply_SharedClientAndWriteResponsesThatAreNotTheResource_LosesNoIncrement(PutAnswer answer)
    {
        await using var server = await KestrelResourceServer.StartAsync(s => s.PutAnswer = answer);
        server.Seed("/counters/1", new JsonObject { ["count"] = 0 });
        await using var provider = ExactlyOnceTests.CounterClient(server, o => o.MergeStrategy = MergeStrategy.Fail, transientRetries: false);
        var api = provider.GetRequiredService<ICounterApi>();
        var (_, etag) = await ReadAsync(api);
        const int writers = 8, increments = 25;

        // Each writer keeps the state and ETag its last update returned, as README says (null ETags included).
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var (state, tag) = (new Counter { Count = 0 }, etag);
            for (var i = 0; i < increments; i++)
            {
                var result = await Reapply.UpdateAsync(api, state, tag, (a, c, e, reapply) => a.PutAsync(1, c, e, $"w{w}-{i}", reapply: reapply), c => c with { Count = c.Count + 1 });
                (state, tag) = (result.Value, result.EntityTag);
            }
        })));

        Assert.Equal(writers * increments, server.Current("/counters/1").Body["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Reapply_BodyVersionsAndTheServerAnswersTheResource_LastStateCarriesTheNewVersion()
    {
        await using var server = await KestrelResourceServer.StartAsync(s => s.BodyVersion = true);
        server.Seed("/counters/1", new JsonObject { ["count"] = 0 });
        await using var provider = ExactlyOnceTests.CounterClient(server, o =>
        {
            o.MergeStrategy = MergeStrategy.Fail;
            o.Versions.Source = VersionSource.JsonBody("/_rev");
        }, transientRetries: false);
        var api = provider.GetRequiredService<ICounterApi>();

        var first = await Reapply.UpdateAsync(api, new Counter { Count = 0, Rev = "1-r" }, null, (a, c, e, reapply) => a.PutAsync(1, c, e, "op-1", reapply: reapply), c => c with { Count = c.Count + 1 });
        var second = await Reapply.UpdateAsync(api, first.Value, null, (a, c, e, reapply) => a.PutAsync(1, c, e, "op-2", reapply: reapply), c => c with { Count = c.Count + 1 });

        Assert.Equal("2-r", first.Value.Rev);
        Assert.Equal(0, first.Conflicts);
        Assert.Equal(0, second.Conflicts); // written from the state the first returned: no conflict
        Assert.Equal(2, server.Current("/counters/1").Body["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Reapply_QueuedCallerCancels_ItsChangeIsWithdrawnAndNeverWritten()
    {
        await using var server = await KestrelResourceServer.StartAsync();
        server.Seed("/counters/1", new JsonObject { ["count"] = 0 });
        var hold = new HoldWrites();
        using var cancelled = new CancellationTokenSource();
        await using var provider = TestClients.Create<ICancellableCounterApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.Fail;

            // Called as the group-commit write is queued: the caller "cancelled" cancels right there, while queued.
            o.ForRequest = args =>
            {
                if (args.Request.Headers.TryGetValues("X-Operation-Id", out var ids) && ids.Single() == "cancelled")
                {
                    cancelled.Cancel();
                }

                return null;
            };
        }, client: b => b.AddHttpMessageHandler(() => hold));
        var api = provider.GetRequiredService<ICancellableCounterApi>();
        var start = new Counter { Count = 0 };

        // The leader's write is held; a second caller queues behind it and cancels; a third queues after it.
        var leader = Reapply.UpdateAsync(api, start, server.ETag(1), (a, c, e, reapply) => a.PutAsync(1, c, e, "leader", reapply: reapply), c => c with { Count = c.Count + 1 });
        await hold.Held.WaitAsync(TestContext.Current.CancellationToken);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Reapply.UpdateAsync(api, start, server.ETag(1), (a, c, e, reapply) => a.PutAsync(1, c, e, "cancelled", reapply: reapply, cancellationToken: cancelled.Token), c => c with { Count = c.Count + 1 }));
        var last = Reapply.UpdateAsync(api, start, server.ETag(1), (a, c, e, reapply) => a.PutAsync(1, c, e, "last", reapply: reapply), c => c with { Count = c.Count + 1 });
        hold.Release();
        await Task.WhenAll(leader, last);

        Assert.Equal(2, server.Current("/counters/1").Body["count"]!.GetValue<int>());
    }

    [Fact]
    public void BatchCancellation_OneOfTwoCallersCancels_BatchGoesOn()
    {
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        var change = new ReapplyChange(b => b, () => [], null);
        using var batch = new BatchCancellation([new PendingChange(change, first.Token), new PendingChange(change, second.Token)]);

        first.Cancel();
        Assert.False(batch.Token.IsCancellationRequested);
        second.Cancel();
        Assert.True(batch.Token.IsCancellationRequested);
    }

    private static async Task<(Counter State, string? ETag)> ReadAsync(ICounterApi api)
    {
        using var read = await api.GetAsync(1);
        return (read.Content!, read.Headers!.ETag?.ToString());
    }
}
