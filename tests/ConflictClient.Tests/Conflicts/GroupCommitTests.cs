using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Conflicts;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task Reapply_QueuedChangesThroughOneClient_EachAppliedOnceInOrderAndEachCallerSeesItsOwnState()
    {
        using var server = ListServer();
        await using var provider = Client(server);
        var api = provider.GetRequiredService<IDocumentApi>();
        var results = new System.Collections.Concurrent.ConcurrentBag<(string Item, string[] State)>();

        await ConcurrentWriters.RunAsync(async (writer, i, firstRoundRead) =>
        {
            var item = $"w{writer}-{i}";
            var result = await Reapply.UpdateAsync(api,
                get: a => a.GetWithResponseAsync("list"),
                put: async (a, doc, etag, reapply) =>
                {
                    await firstRoundRead();
                    return await a.PutConditionalAsync("list", doc, etag!, reapply: reapply);
                },
                change: doc => Append(doc, item));
            Assert.True(result.Written);
            results.Add((item, Items(result.Value)));
        });

        var final = Items(server.Current("/docs/list"));
        const int changes = ConcurrentWriters.Writers * ConcurrentWriters.WritesPerWriter;
        Assert.Equal(changes, final.Length);
        Assert.Equal(changes, final.Distinct().Count());
        for (var writer = 0; writer < ConcurrentWriters.Writers; writer++)
        {
            // A writer's changes land in the order it made them.
            var mine = final.Where(x => x.StartsWith($"w{writer}-", StringComparison.Ordinal)).Select(x => int.Parse(x.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(Enumerable.Range(0, ConcurrentWriters.WritesPerWriter), mine);
        }

        // Each caller got the state right after its own change: a prefix of the final list ending with its item.
        Assert.All(results, r =>
        {
            Assert.Equal(r.Item, r.State[^1]);
            Assert.Equal(final.Take(r.State.Length), r.State);
        });
        Assert.True(server.AppliedWrites < changes, $"{server.AppliedWrites} writes for {changes} changes");
    }

    [Fact]
    public async Task Reapply_GroupMeetsAnotherProcessesWrite_AppliesTheWholeGroupAgainToTheLatestState()
    {
        using var server = ListServer();
        await using var provider = Client(server);
        var api = provider.GetRequiredService<IDocumentApi>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = 0;

        var writes = Enumerable.Range(0, 3).Select(n => Task.Run(() => Reapply.UpdateAsync(api,
            get: a => a.GetWithResponseAsync("list"),
            put: async (a, doc, etag, reapply) =>
            {
                if (Interlocked.Increment(ref arrived) == 3)
                {
                    server.WriteDirectly("/docs/list", d => d["items"]!.AsArray().Add("other process"));
                    gate.SetResult();
                }

                await gate.Task;
                return await a.PutConditionalAsync("list", doc, etag!, reapply: reapply);
            },
            change: doc => Append(doc, $"mine-{n}")))).ToArray();
        await Task.WhenAll(writes);

        var final = Items(server.Current("/docs/list"));
        Assert.Equal("other process", final[0]);
        Assert.Equal(["mine-0", "mine-1", "mine-2"], final.Skip(1).Order());
        Assert.Equal(1, server.RejectedWrites);
    }

    [Fact]
    public async Task Reapply_OneChangeThrows_OnlyItsCallerFailsAndTheOthersAreWritten()
    {
        using var server = ListServer();
        await using var provider = Client(server);
        var api = provider.GetRequiredService<IDocumentApi>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = 0;
        var firstRun = new bool[3];

        var writes = Enumerable.Range(0, 3).Select(n => Task.Run(() => Reapply.UpdateAsync(api,
            get: a => a.GetWithResponseAsync("list"),
            put: async (a, doc, etag, reapply) =>
            {
                if (Interlocked.Increment(ref arrived) == 3)
                {
                    // Every caller's state is now stale, so each change is applied again by the library, whether its
                    // caller writes alone (after its conflict) or in a group.
                    server.WriteDirectly("/docs/list", d => d["items"]!.AsArray().Add("other process"));
                    gate.SetResult();
                }

                await gate.Task;
                return await a.PutConditionalAsync("list", doc, etag!, reapply: reapply);
            },
            change: doc =>
            {
                // Caller 1's change works when it first runs, then throws when the group applies it.
                if (n == 1 && Volatile.Read(ref firstRun[1]))
                {
                    throw new InvalidOperationException("faulty change");
                }

                Volatile.Write(ref firstRun[n], true);
                return Append(doc, $"mine-{n}");
            }))).ToArray();

        var outcomes = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                await w;
                return "written";
            }
            catch (ConflictException e) when (e.Reason == ConflictFailureReason.MergeFailed)
            {
                return e.InnerException!.Message;
            }
        }));

        Assert.Equal(["faulty change", "written", "written"], outcomes.Order());
        Assert.Equal(["mine-0", "mine-2", "other process"], Items(server.Current("/docs/list")).Order());
    }

    private static JsonObject Append(JsonObject doc, string item)
    {
        var next = (JsonObject)doc.DeepClone();
        next["items"]!.AsArray().Add(item);
        return next;
    }

    private static string[] Items(JsonObject doc) => [.. doc["items"]!.AsArray().Select(n => n!.GetValue<string>())];

    private static VersionedResourceServer ListServer()
    {
        var server = new VersionedResourceServer();
        server.Seed("/docs/list", new JsonObject { ["items"] = new JsonArray() });
        return server;
    }

    private static ServiceProvider Client(VersionedResourceServer server) =>
        TestClients.Create<IDocumentApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.Fail;
            o.Retry.MaxAttempts = 20;
        });
}
