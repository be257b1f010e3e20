using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ConflictClient.Merging;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace ConflictClient.Benchmarks;

/// <summary>
/// P3 and P4: 16 writers x 50 increments of one counter on the loopback server, every increment a re-apply
/// (read, +1, conditional write). P3: 16 independent clients (own HttpClient and handlers). P4: the 16 writers share
/// one client. The baseline, measured in the same run: 800 serial conditional PUTs through one client. Two references
/// show each workload's cost without contention: one writer making all 800 increments alone. Every client runs on
/// default options (only the merge strategy is set, as it has no default); each run counts failed calls by reason and
/// lost updates (final value below the calls that succeeded), and per-call latency.
/// </summary>
public static class ContentionHarness
{
    private const int Writers = 16;
    private const int Increments = 50;
    private const int Total = Writers * Increments;

    /// <summary>How each writer makes an increment.</summary>
    private enum Workload
    {
        /// <summary>Read, then write: <c>Reapply.UpdateAsync(get, put, change)</c>, a GET and a PUT per increment.</summary>
        ReadThenWrite,

        /// <summary>Write from the state the writer last saw: <c>Reapply.UpdateAsync(state, etag, put, change)</c>; GET only on a conflict.</summary>
        FromLastState,
    }

    public static async Task<int> RunAsync(int runs)
    {
        await using var server = await LoopbackServer.StartAsync();
        Console.WriteLine($"Contention harness: {Writers} writers x {Increments} increments, {runs} run(s), server {server.BaseAddress}");
        var serial = new List<double>();
        var results = new Dictionary<string, List<Measurement>>(StringComparer.Ordinal);

        // Warm-up, not measured: JIT and tiered compilation would otherwise bill the first run's baseline.
        await SerialPutsAsync(server, 0);
        foreach (var workload in Enum.GetValues<Workload>())
        {
            await IncrementAsync(server, $"warm-up-{workload}", sharedClient: false, workload, Writers);
        }

        for (var run = 1; run <= runs; run++)
        {
            serial.Add(await SerialPutsAsync(server, run));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}: serial {serial[^1]:0.0} ms"));
            foreach (var (name, shared, workload, writers) in Scenarios)
            {
                var measurement = await IncrementAsync(server, $"{name[..2]}-{writers}-{workload}-{run}", shared, workload, writers);
                (results.TryGetValue(name, out var list) ? list : results[name] = []).Add(measurement);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name}: {measurement.WallMs:0.0} ms = {measurement.WallMs / serial[^1]:0.00}x, final {measurement.Final}, " +
                    $"failed {measurement.Failed.Count} {Reasons(measurement.Failed)}, lost {measurement.Lost}, " +
                    $"{measurement.Puts / (double)Total:0.00} PUTs and {measurement.Gets / (double)Total:0.00} GETs per write, " +
                    $"latency p50 {Percentile(measurement.LatenciesMs, 0.50):0.00} / p99 {Percentile(measurement.LatenciesMs, 0.99):0.00} / max {measurement.LatenciesMs.Max():0.00} ms"));
            }
        }

        var serialMs = Median(serial);
        Console.WriteLine($"baseline: {Total} serial PUTs, median {serialMs:0.0} ms");
        foreach (var (name, runsOf) in results)
        {
            Report(name, runsOf, serial);
        }

        return results.Values.SelectMany(r => r).All(m => m.Final == Total && m.Failed.Count == 0) ? 0 : 1;
    }

    private static readonly (string Name, bool Shared, Workload Workload, int Writers)[] Scenarios =
    [
        ("Reference: 1 writer alone, from last state", false, Workload.FromLastState, 1),
        ("Reference: 1 writer alone, read then write", false, Workload.ReadThenWrite, 1),
        ("P3 16 independent clients, from last state", false, Workload.FromLastState, Writers),
        ("P3 16 independent clients, read then write", false, Workload.ReadThenWrite, Writers),
        ("P4 16 writers, one client, from last state", true, Workload.FromLastState, Writers),
        ("P4 16 writers, one client, read then write", true, Workload.ReadThenWrite, Writers),
    ];

    private static void Report(string name, List<Measurement> runs, List<double> serial)
    {
        // Each run's wall time is compared with the serial baseline measured just before it, in the same run.
        var ratio = Median([.. runs.Select((r, i) => r.WallMs / serial[i])]);
        var attempts = Median([.. runs.Select(r => r.Puts / (double)Total)]);
        var reads = Median([.. runs.Select(r => r.Gets / (double)Total)]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: final values {string.Join(", ", runs.Select(r => r.Final))} (failed calls {string.Join(", ", runs.Select(r => r.Failed.Count))}; lost {string.Join(", ", runs.Select(r => r.Lost))}); " +
            $"PUTs per write, median {attempts:0.00}; GETs per write {reads:0.00}; wall / serial, median {ratio:0.00}x"));
    }

    private static async Task<double> SerialPutsAsync(LoopbackServer server, int run)
    {
        var path = $"serial-{run}";
        server.Seed($"/counters/{path}", new JsonObject { ["name"] = path, ["count"] = 0 });
        await using var services = Services(server.BaseAddress);
        var api = services.GetRequiredService<IItemApi>();
        var etag = "\"1\"";
        var clock = Stopwatch.StartNew();
        for (var i = 1; i <= Total; i++)
        {
            using var response = await api.PutAsync("counters", path, new Item(path, i), etag);
            etag = response.Headers!.ETag!.ToString();
        }

        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<Measurement> IncrementAsync(LoopbackServer server, string path, bool sharedClient, Workload workload, int writers)
    {
        var increments = Total / writers;
        server.Seed($"/counters/{path}", new JsonObject { ["name"] = path, ["count"] = 0 });
        var shared = sharedClient ? Services(server.BaseAddress) : null;
        var providers = Enumerable.Range(0, writers).Select(_ => shared ?? Services(server.BaseAddress)).ToArray();
        if (Environment.GetEnvironmentVariable("CONTENTION_TIMELINE") is { Length: > 0 })
        {
            server.Timeline = new();
        }

        var putsBefore = server.Puts;
        var getsBefore = server.Gets;
        var failed = new System.Collections.Concurrent.ConcurrentBag<string>();
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        async Task<T?> TimedAsync<T>(Func<Task<T>> call)
            where T : class
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                return await call();
            }
            catch (ConflictClient.Conflicts.ConflictException e)
            {
                failed.Add(e.Reason.ToString());
                return null;
            }
            finally
            {
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(providers.Select(provider => Task.Run(async () =>
        {
            var api = provider.GetRequiredService<IItemApi>();
            Func<IItemApi, Item, string?, Task<Item>> put = async (a, item, etag) =>
            {
                using var response = await a.PutAsync("counters", path, item, etag!);
                return response.Content ?? throw response.Error!;
            };
            Func<Item, Item?> increment = item => item with { Count = item.Count + 1 };
            if (workload == Workload.ReadThenWrite)
            {
                for (var i = 0; i < increments; i++)
                {
                    await TimedAsync(() => Reapply.UpdateAsync(api, get: a => a.GetAsync("counters", path), put, increment));
                }

                return;
            }

            // The writer reads once, then keeps the state and version each write returns.
            using var first = await api.GetAsync("counters", path);
            var (state, etag) = (first.Content!, first.Headers!.ETag!.ToString());
            for (var i = 0; i < increments; i++)
            {
                if (await TimedAsync(() => Reapply.UpdateAsync(api, state, etag, put, increment)) is { } result)
                {
                    (state, etag) = (result.Value, result.EntityTag);
                }
            }
        })));
        var wall = clock.Elapsed.TotalMilliseconds;
        if (server.Timeline is { } timeline)
        {
            await File.WriteAllLinesAsync($"timeline-{path}.txt", timeline.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.At} {e.Kind}")));
            server.Timeline = null;
        }

        foreach (var provider in providers.Distinct())
        {
            await provider.DisposeAsync();
        }

        var final = server.Current($"/counters/{path}")["count"]!.GetValue<int>();
        return new Measurement(final, server.Puts - putsBefore, server.Gets - getsBefore, wall, [.. failed], Total - failed.Count - final, [.. latencies]);
    }

    private static ServiceProvider Services(Uri baseAddress)
    {
        var services = new ServiceCollection();
        services.AddRefitGeneratedClient<IItemApi>(new RefitSettings().UseConflictExceptions())
            .ConfigureHttpClient(c => c.BaseAddress = baseAddress)
            .AddConflictResolution(o =>
            {
                // Defaults, but for the merge strategy, which has none (Reapply brings its own change anyway).
                o.MergeStrategy = MergeStrategy.Fail;

                // An experiment switch for docs/benchmarks.md: CONTENTION_LISTEN=off measures the backoff alone.
                o.ListenBeforeRetry = Environment.GetEnvironmentVariable("CONTENTION_LISTEN") != "off";
            });
        return services.BuildServiceProvider();
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    private static string Reasons(IReadOnlyList<string> failed) =>
        failed.Count == 0 ? string.Empty : $"({string.Join(", ", failed.GroupBy(r => r).Select(g => $"{g.Key} {g.Count()}"))})";

    /// <param name="Lost">Calls that succeeded but whose increment is not in the final value (negative: applied twice).</param>
    private sealed record Measurement(int Final, long Puts, long Gets, double WallMs, IReadOnlyList<string> Failed, int Lost, IReadOnlyList<double> LatenciesMs);
}
