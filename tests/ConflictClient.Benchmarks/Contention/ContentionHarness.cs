using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace ConflictClient.Benchmarks.Contention;

/// <summary>
/// N writers increment one counter on the loopback server, N = 1, 4, 16, 64, both workloads; ConflictClient on
/// default options (only the merge strategy is set, as it has none), with independent clients and one shared client,
/// and two peers in the same run. Each run first measures t, the serial PUT time (800 conditional PUTs through one
/// client), so every figure is a ratio to the same run's baseline. Reported: medians over the runs.
/// </summary>
public static class ContentionHarness
{
    private const int SerialPuts = 800;

    public static async Task<int> RunAsync(int runs, IReadOnlyList<int> writerCounts)
    {
        await using var server = await LoopbackServer.StartAsync();
        Console.WriteLine($"Contention curve: N = {string.Join(", ", writerCounts)}, {runs} run(s), server {server.BaseAddress}");
        var rows = new Dictionary<(Contender, int, Workload), List<Measurement>>();
        await SerialPutMsAsync(server, "warm-up"); // JIT and tiering would otherwise bill the first run's baseline
        foreach (var contender in Enum.GetValues<Contender>())
        {
            await IncrementAsync(server, "warm-up", contender, 4, Workload.ReadThenWrite, 0);
        }

        for (var run = 1; run <= runs; run++)
        {
            var t = await SerialPutMsAsync(server, $"serial-{run}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}: t = {t:0.000} ms per serial PUT"));
            foreach (var n in writerCounts)
            {
                foreach (var workload in Enum.GetValues<Workload>())
                {
                    foreach (var contender in Enum.GetValues<Contender>().Where(c => c != Contender.ConflictClientShared || n > 1))
                    {
                        var m = await IncrementAsync(server, $"{contender}-{n}-{workload}-{run}", contender, n, workload, t);
                        (rows.TryGetValue((contender, n, workload), out var list) ? list : rows[(contender, n, workload)] = []).Add(m);
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"  {contender,-24} N={n,-3} {workload,-14} failed {m.Failed.Count,3} lost {m.Lost,3} PUTs/write {m.PutsPerWrite:0.00} " +
                            $"p50 {m.LatencyInRounds(0.5):0.0} p99 {m.LatencyInRounds(0.99):0.0} max {m.LatencyInRounds(1):0.0} N·t  wall {m.WallPerSerial:0.00}x"));
                    }
                }
            }
        }

        Report(rows, runs);
        return rows.Where(r => r.Key.Item1 is Contender.ConflictClient or Contender.ConflictClientShared)
            .SelectMany(r => r.Value).All(m => m.Failed.Count == 0 && m.Lost == 0) ? 0 : 1;
    }

    /// <summary>Increments per writer: 50, but 25 at N = 64 to keep a run short.</summary>
    private static int IncrementsPerWriter(int writers) => writers >= 64 ? 25 : 50;

    private static void Report(Dictionary<(Contender, int, Workload), List<Measurement>> rows, int runs)
    {
        Console.WriteLine();
        Console.WriteLine($"Medians of {runs} run(s); latency in units of N·t (t: serial PUT time of the same run).");
        Console.WriteLine("| N | Workload | Contender | Failed calls (runs) | Lost | PUTs/write | GETs/write | Turn | p50 | p99 | max | Wall / serial |");
        Console.WriteLine("| ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var ((contender, n, workload), list) in rows.OrderBy(r => r.Key.Item2).ThenBy(r => r.Key.Item3).ThenBy(r => r.Key.Item1))
        {
            string M(Func<Measurement, double> f, string format) => Measurement.Median(list.Select(f)).ToString(format, CultureInfo.InvariantCulture);
            var reasons = list.SelectMany(m => m.Failed).GroupBy(r => r).Select(g => $"{g.Key} {g.Count()}");
            Console.WriteLine(
                $"| {n} | {workload} | {contender} | {string.Join(", ", list.Select(m => m.Failed.Count))}{(reasons.Any() ? $" ({string.Join(", ", reasons)})" : string.Empty)} | " +
                $"{list.Sum(m => m.Lost)} | {M(m => m.PutsPerWrite, "0.00")} | {M(m => m.GetsPerWrite, "0.00")} | {(list[0].Turn is null ? "-" : M(m => m.Turn!.Value, "0.0"))} | {M(m => m.LatencyInRounds(0.5), "0.0")} | " +
                $"{M(m => m.LatencyInRounds(0.99), "0.0")} | {M(m => m.LatencyInRounds(1), "0.0")} | {M(m => m.WallPerSerial, "0.00")}x |");
        }
    }

    private static async Task<double> SerialPutMsAsync(LoopbackServer server, string path)
    {
        server.Seed($"/counters/{path}", new JsonObject { ["name"] = path, ["count"] = 0 });
        await using var services = ConflictClientServices(server.BaseAddress);
        var api = services.GetRequiredService<IItemApi>();
        var etag = "\"1\"";
        var clock = Stopwatch.StartNew();
        for (var i = 1; i <= SerialPuts; i++)
        {
            using var response = await api.PutAsync("counters", path, new Item(path, i), etag);
            etag = response.Headers!.ETag!.ToString();
        }

        return clock.Elapsed.TotalMilliseconds / SerialPuts;
    }

    private static async Task<Measurement> IncrementAsync(LoopbackServer server, string path, Contender contender, int writers, Workload workload, double t)
    {
        var increments = IncrementsPerWriter(writers);
        server.Seed($"/counters/{path}", new JsonObject { ["name"] = path, ["count"] = 0 });
        var shared = contender == Contender.ConflictClientShared ? ConflictClientServices(server.BaseAddress) : null;
        var providers = Enumerable.Range(0, writers).Select(w => shared ?? contender switch
        {
            Contender.ConflictClient => ConflictClientServices(server.BaseAddress, writer: w),
            _ => PlainServices(server.BaseAddress, w),
        }).ToArray();
        var failed = new ConcurrentBag<string>();
        var latencies = new ConcurrentBag<double>();
        // Every writer's client is built, connected and has read the counter before the clock starts: the rows
        // measure contention, not the first request of 64 new clients competing for 2 cores.
        var calls = await Task.WhenAll(providers.Select(async (provider, w) =>
        {
            var api = provider.GetRequiredService<IItemApi>();
            using var first = await api.GetAsync("counters", path);
            return Writer(api, path, contender, workload, new Random(w), (first.Content!, first.Headers!.ETag!.ToString()));
        }));
        var (putsBefore, getsBefore) = (server.Puts, server.Gets);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(calls.Select(call => Task.Run(async () =>
        {
            for (var i = 0; i < increments; i++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    if (!await call())
                    {
                        failed.Add("ConflictNotResolved");
                    }
                }
                catch (ConflictException e)
                {
                    failed.Add(e.Reason.ToString());
                }
                finally
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        })));
        var wall = clock.Elapsed.TotalMilliseconds;
        foreach (var provider in providers.Distinct())
        {
            await provider.DisposeAsync();
        }

        var final = server.Current($"/counters/{path}")["count"]!.GetValue<int>();
        var writes = writers * increments;
        var handovers = shared is null ? server.Handovers($"/counters/{path}") : (long?)null;
        return new Measurement(writers, writes, [.. failed], writes - failed.Count - final, server.Puts - putsBefore, server.Gets - getsBefore, wall, [.. latencies], t, handovers);
    }

    /// <summary>One writer's increment: returns whether it was applied (ConflictClient throws when it was not).</summary>
    private static Func<Task<bool>> Writer(IItemApi api, string path, Contender contender, Workload workload, Random random, (Item State, string ETag) read)
    {
        Func<IItemApi, Item, string?, ConflictClient.Conflicts.ReapplyRequest, Task<Item>> put = async (a, item, etag, reapply) =>
        {
            using var response = await a.PutAsync("counters", path, item, etag!, reapply);
            return response.Content ?? throw response.Error!;
        };
        Func<Item, Item?> increment = item => item with { Count = item.Count + 1 };
        switch (contender)
        {
            case Contender.ClientGoRetryOnConflict:
                var goLoop = new PeerLoops(api, path, workload, random, read);
                return goLoop.RetryOnConflictAsync;
            case Contender.PollyFullJitter:
                var pollyLoop = new PeerLoops(api, path, workload, random, read);
                var pipeline = PeerLoops.FullJitterPipeline(random);
                return () => pollyLoop.FullJitterAsync(pipeline);
            case Contender.ConflictClient or Contender.ConflictClientShared when workload == Workload.ReadThenWrite:
                return async () => (await Reapply.UpdateAsync(api, get: a => a.GetAsync("counters", path), put, increment)).Written;
            default:
                (Item State, string? ETag) last = read;
                return async () =>
                {
                    var result = await Reapply.UpdateAsync(api, last.State, last.ETag, put, increment);
                    last = (result.Value, result.EntityTag);
                    return result.Written;
                };
        }
    }

    /// <summary>A client on default options: only the merge strategy is set, as it has none.</summary>
    /// <remarks>Each independent writer names itself in <c>X-Writer</c>, so the server can count turns.</remarks>
    private static ServiceProvider ConflictClientServices(Uri baseAddress, int? writer = null)
    {
        var services = new ServiceCollection();
        services.AddRefitGeneratedClient<IItemApi>(new RefitSettings().UseConflictExceptions())
            .ConfigureHttpClient(c => Configure(c, baseAddress, writer))
            .AddConflictResolution(o => o.MergeStrategy = MergeStrategy.Fail);
        return services.BuildServiceProvider();
    }

    /// <summary>A plain Refit client, as the peers use.</summary>
    private static ServiceProvider PlainServices(Uri baseAddress, int writer)
    {
        var services = new ServiceCollection();
        services.AddRefitGeneratedClient<IItemApi>().ConfigureHttpClient(c => Configure(c, baseAddress, writer));
        return services.BuildServiceProvider();
    }

    private static void Configure(HttpClient client, Uri baseAddress, int? writer)
    {
        client.BaseAddress = baseAddress;
        if (writer is { } w)
        {
            client.DefaultRequestHeaders.Add("X-Writer", w.ToString(CultureInfo.InvariantCulture));
        }
    }
}
