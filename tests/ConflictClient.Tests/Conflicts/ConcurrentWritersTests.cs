using System.Text.Json.Nodes;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using ConflictClient.Versioning;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Conflicts;

public sealed class ConcurrentWritersTests
{
    private const int Writers = 8;
    private const int IncrementsPerWriter = 25;

    /// <summary>
    /// Each increment appends a unique entry: read, append, conditional write. Every writer's first read happens before
    /// any write, so 7 of the 8 first writes are guaranteed to conflict; after that they race freely.
    /// </summary>
    [Theory]
    [InlineData(VersionPlacement.Header)]
    [InlineData(VersionPlacement.Body)]
    public async Task UpdateAsync_EightWritersTwentyFiveIncrementsEach_LoseNoUpdate(VersionPlacement placement)
    {
        using var server = new VersionedResourceServer(new VersionedResourceSimulatorOptions { Placement = placement });
        server.Seed("/docs/counter", new JsonObject { ["items"] = new JsonArray() });
        await using var provider = TestClients.Create<IDocumentApi>(server.BaseUri, o =>
        {
            o.Retry.MaxAttempts = 100;
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(2);
            o.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
            o.Randomizer = Random.Shared.NextDouble;
            o.Versions.Source = placement == VersionPlacement.Header ? VersionSource.ETag : VersionSource.JsonBody("/version");
            o.MergeStrategy = MergeStrategy.Custom(args => ValueTask.FromResult(args.Merged(UnionOfItems(args.Local!, args.Remote!))));
        });
        var api = provider.GetRequiredService<IDocumentApi>();
        var firstReads = 0;
        var everyoneHasRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task WriteAsync(int writer)
        {
            for (var i = 0; i < IncrementsPerWriter; i++)
            {
                using var read = await api.GetWithResponseAsync("counter");
                var document = read.Content!;
                document["items"]!.AsArray().Add($"w{writer}-{i}");
                if (i == 0 && Interlocked.Increment(ref firstReads) == Writers)
                {
                    everyoneHasRead.SetResult();
                }

                await everyoneHasRead.Task;
                if (placement == VersionPlacement.Header)
                {
                    await api.PutConditionalAsync("counter", document, read.Headers!.ETag!.ToString());
                }
                else
                {
                    await api.PutAsync("counter", document);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(w), TestContext.Current.CancellationToken)));

        var items = server.Current("/docs/counter")["items"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        var expected = Enumerable.Range(0, Writers).SelectMany(w => Enumerable.Range(0, IncrementsPerWriter).Select(i => $"w{w}-{i}"));
        var lostUpdates = expected.Except(items).Count();
        Assert.Equal(0, lostUpdates);
        Assert.Equal(Writers * IncrementsPerWriter, items.Distinct().Count());
        Assert.Equal(Writers * IncrementsPerWriter, items.Length);
        Assert.Equal(Writers * IncrementsPerWriter, server.AppliedWrites);
        Assert.Equal(1 + (Writers * IncrementsPerWriter), server.VersionOf("/docs/counter"));
        Assert.True(server.RejectedWrites >= Writers - 1, $"expected at least {Writers - 1} conflicts, saw {server.RejectedWrites}");
    }

    private static JsonObject UnionOfItems(JsonNode local, JsonNode remote)
    {
        var merged = remote.AsObject();
        var items = merged["items"]!.AsArray();
        var present = items.Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        foreach (var item in local["items"]!.AsArray())
        {
            if (present.Add(item!.GetValue<string>()))
            {
                items.Add(item.GetValue<string>());
            }
        }

        return merged;
    }
}
