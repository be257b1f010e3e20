using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Outbox;
using ConflictClient.Outbox.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Benchmarks.Outbox;

/// <summary>
/// The outbox on default options: how long an enqueue takes (until the write is on disk), and how fast a drain sends
/// queued writes, as a ratio of the same writes sent directly through the same client in the same run (four resources at
/// a time, each resource's writes in order, as the outbox sends them).
/// </summary>
internal static class OutboxBenchmark
{
    private const int Resources = 100;

    public static async Task<int> RunAsync(int runs, int writes, TimeSpan latency)
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Latency = latency;
        var services = new ServiceCollection();
        services.AddHttpClient("items", c => c.BaseAddress = server.BaseAddress).AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ThreeWay());
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("items");
        Console.WriteLine($"Outbox on default options: {writes} writes over {Resources} resources per run, {runs} runs after a warm-up, server {latency.TotalMilliseconds} ms away; SQLite in {Path.GetTempPath()}");
        Console.WriteLine("run | enqueue p50 (ms) | enqueue p99 (ms) | direct (writes/s) | drain (writes/s) | drain / direct (time)");
        var ratios = new List<double>();
        for (var run = -1; run < runs; run++)
        {
            var direct = await DirectAsync(server, client, writes, $"d{run + 1}");
            var folder = Directory.CreateTempSubdirectory("outbox-benchmark-").FullName;
            var (p50, p99, drained) = await OutboxAsync(server, client, writes, $"o{run + 1}", Path.Combine(folder, "outbox.db"));
            Directory.Delete(folder, recursive: true);
            if (run < 0)
            {
                continue; // the warm-up: JIT and connections
            }

            ratios.Add(drained.TotalSeconds / direct.TotalSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{run + 1} | {p50:F3} | {p99:F3} | {writes / direct.TotalSeconds:F0} | {writes / drained.TotalSeconds:F0} | {ratios[^1]:F2}"));
        }

        ratios.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median drain / direct: {ratios[ratios.Count / 2]:F2}"));
        return 0;
    }

    private static async Task<TimeSpan> DirectAsync(LoopbackServer server, HttpClient client, int writes, string prefix)
    {
        var plan = Plan(server, writes, prefix);
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(plan.GroupBy(w => w.Path), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (resource, cancellationToken) =>
        {
            foreach (var write in resource)
            {
                using var request = Request(write);
                using var response = await client.SendAsync(request, cancellationToken);
                response.EnsureSuccessStatusCode();
            }
        });
        return Stopwatch.GetElapsedTime(started);
    }

    private static async Task<(double P50, double P99, TimeSpan Drained)> OutboxAsync(LoopbackServer server, HttpClient client, int writes, string prefix, string database)
    {
        await using var outbox = new ConflictOutbox(client, new SqliteOutboxStore(database), new ConflictOutboxOptions());
        var enqueues = new List<double>(writes);
        foreach (var write in Plan(server, writes, prefix))
        {
            using var request = Request(write);
            var started = Stopwatch.GetTimestamp();
            await outbox.EnqueueAsync(request);
            enqueues.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var drainStarted = Stopwatch.GetTimestamp();
        var result = await outbox.DrainAsync();
        var drained = Stopwatch.GetElapsedTime(drainStarted);
        if (result.Applied != writes)
        {
            throw new InvalidOperationException($"The drain applied {result.Applied} of {writes} writes ({result}).");
        }

        enqueues.Sort();
        return (enqueues[enqueues.Count / 2], enqueues[(int)(enqueues.Count * 0.99)], drained);
    }

    /// <summary>Writes whose versions follow on per resource, so that none meets a conflict: the cost measured is the outbox's.</summary>
    private static List<(string Path, long Version, string Body, string Base)> Plan(LoopbackServer server, int writes, string prefix)
    {
        var plan = new List<(string, long, string, string)>(writes);
        var versions = new Dictionary<string, long>();
        for (var i = 0; i < writes; i++)
        {
            var path = $"/{prefix}/{i % Resources}";
            if (!versions.TryGetValue(path, out var version))
            {
                server.Seed(path, new JsonObject { ["name"] = path, ["count"] = 0 });
                version = 1;
            }

            plan.Add((path, version, new JsonObject { ["name"] = path, ["count"] = i }.ToJsonString(), new JsonObject { ["name"] = path, ["count"] = i - Resources }.ToJsonString()));
            versions[path] = version + 1;
        }

        return plan;
    }

    private static HttpRequestMessage Request((string Path, long Version, string Body, string Base) write)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, write.Path) { Content = new StringContent(write.Body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{write.Version}\"");
        request.SetConflictBase(write.Base);
        return request;
    }
}
