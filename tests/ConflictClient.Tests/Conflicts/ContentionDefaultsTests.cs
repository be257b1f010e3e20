using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace ConflictClient.Tests.Conflicts;

/// <summary>
/// Independent clients (each its own HttpClient and handlers) incrementing one counter on a Kestrel resource, on default
/// options: every call succeeds and every increment is applied exactly once. Larger sizes run in the benchmarks.
/// </summary>
public sealed class ContentionDefaultsTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Increments_IndependentClientsOnDefaults_NoFailedCallAndEachAppliedOnce(bool readFirst)
    {
        const int writers = 8, increments = 20;
        await using var server = await KestrelResourceServer.StartAsync();
        server.Seed("/counters/1", new JsonObject { ["count"] = 0 });
        var last = new ConcurrentDictionary<int, (Counter State, string? ETag)>();
        var failures = await IndependentWriters.RunAsync<ICounterApi>(writers, increments, () => Defaults(server.BaseUri), async (api, w, i) =>
        {
            var operation = $"w{w}-{i}";
            var (state, etag) = last.GetValueOrDefault(w, (new Counter { Count = 0 }, server.ETag(1)));
            var result = readFirst
                ? await Reapply.UpdateAsync(api, a => a.GetAsync(1), (a, c, e, reapply) => a.PutAsync(1, c, e, operation, reapply: reapply), c => c with { Count = c.Count + 1 })
                : await Reapply.UpdateAsync(api, state, etag, (a, c, e, reapply) => a.PutAsync(1, c, e, operation, reapply: reapply), c => c with { Count = c.Count + 1 });
            last[w] = (result.Value, result.EntityTag);
        });

        Assert.Empty(failures);
        Assert.Equal(writers * increments, server.Current("/counters/1").Body["count"]!.GetValue<int>());
        Assert.All(Enumerable.Range(0, writers * increments), n => Assert.Equal(1, server.AppliedCount($"w{n / increments}-{n % increments}")));
    }

    /// <summary>A client on default options: only the merge strategy is set, as it has no default.</summary>
    private static ServiceProvider Defaults(Uri baseUri)
    {
        var services = new ServiceCollection();
        services.AddRefitGeneratedClient<ICounterApi>(TestJson.Refit().UseConflictExceptions())
            .ConfigureHttpClient(c => c.BaseAddress = baseUri)
            .AddConflictResolution(o => o.MergeStrategy = MergeStrategy.Fail);
        return services.BuildServiceProvider();
    }
}
