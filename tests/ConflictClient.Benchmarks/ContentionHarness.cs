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
/// one client. The baseline, measured in the same run: 800 serial conditional PUTs through one client.
/// </summary>
public static class ContentionHarness
{
    private const int Writers = 16;
    private const int Increments = 50;
    private const int Total = Writers * Increments;

    public static async Task<int> RunAsync(int runs)
    {
        await using var server = await LoopbackServer.StartAsync();
        Console.WriteLine($"Contention harness: {Writers} writers x {Increments} increments, {runs} run(s), server {server.BaseAddress}");
        var serial = new List<double>();
        var p3 = new List<Measurement>();
        var p4 = new List<Measurement>();
        for (var run = 1; run <= runs; run++)
        {
            serial.Add(await SerialPutsAsync(server, run));
            p3.Add(await IncrementAsync(server, $"p3-{run}", sharedClient: false));
            p4.Add(await IncrementAsync(server, $"p4-{run}", sharedClient: true));
        }

        var serialMs = Median(serial);
        Console.WriteLine($"baseline: {Total} serial PUTs, median {serialMs:0.0} ms");
        Report("P3 16 independent clients", p3, serialMs);
        Report("P4 16 writers, one client", p4, serialMs);
        return p3.Concat(p4).All(m => m.Final == Total) ? 0 : 1;
    }

    private static void Report(string name, List<Measurement> runs, double serialMs)
    {
        var wall = Median([.. runs.Select(r => r.WallMs)]);
        var attempts = Median([.. runs.Select(r => r.Puts / (double)Total)]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: final values {string.Join(", ", runs.Select(r => r.Final))} (lost {string.Join(", ", runs.Select(r => Total - r.Final))}); " +
            $"PUTs on the wire per write, median {attempts:0.00}; wall median {wall:0.0} ms = {wall / serialMs:0.00}x serial"));
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

    private static async Task<Measurement> IncrementAsync(LoopbackServer server, string path, bool sharedClient)
    {
        server.Seed($"/counters/{path}", new JsonObject { ["name"] = path, ["count"] = 0 });
        var shared = sharedClient ? Services(server.BaseAddress) : null;
        var providers = Enumerable.Range(0, Writers).Select(_ => shared ?? Services(server.BaseAddress)).ToArray();
        var putsBefore = server.Puts;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(providers.Select(provider => Task.Run(async () =>
        {
            var api = provider.GetRequiredService<IItemApi>();
            for (var i = 0; i < Increments; i++)
            {
                await api.UpdateAsync(
                    get: a => a.GetAsync("counters", path),
                    put: (a, item, etag) => a.PutAsync("counters", path, item, etag!).ContinueWith(t => t.Result.Content!, TaskScheduler.Default),
                    change: item => item with { Count = item.Count + 1 });
            }
        })));
        var wall = clock.Elapsed.TotalMilliseconds;
        foreach (var provider in providers.Distinct())
        {
            await provider.DisposeAsync();
        }

        return new Measurement(server.Current($"/counters/{path}")["count"]!.GetValue<int>(), server.Puts - putsBefore, wall);
    }

    private static ServiceProvider Services(Uri baseAddress)
    {
        var services = new ServiceCollection();
        services.AddRefitGeneratedClient<IItemApi>(new RefitSettings().UseConflictExceptions())
            .ConfigureHttpClient(c => c.BaseAddress = baseAddress)
            .AddConflictResolution(o =>
            {
                o.MergeStrategy = MergeStrategy.Fail;
                o.MaxAttempts = 100;
            });
        return services.BuildServiceProvider();
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed record Measurement(int Final, long Puts, double WallMs);
}
