using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ConflictClient.Benchmarks.Contention;
using ConflictClient.Merging;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace ConflictClient.Benchmarks.Fleet;

/// <summary>
/// A fleet on one resource: P processes (app instances) × W concurrent callers of each instance's client increment one
/// counter on the loopback server (25 each, from the last state each saw), on default options, without turns and with Redis turns (Garnet, embedded in this
/// process): Redis up, Redis stopped once a third of the writes were applied, and Redis behind 5 ms of added round-trip
/// latency. Each run first measures t, the serial PUT time. Medians over the runs.
/// </summary>
public static class FleetHarness
{
    private const int Increments = 25;

    public static async Task<int> RunAsync(int runs, IReadOnlyList<(int Processes, int Writers)> fleets)
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Latency = TimeSpan.FromMilliseconds(double.Parse(Environment.GetEnvironmentVariable("FLEET_SERVER_LATENCY_MS") ?? "0", CultureInfo.InvariantCulture));
        Console.WriteLine($"Fleet: {string.Join(", ", fleets.Select(f => $"{f.Processes}x{f.Writers}"))}, {runs} run(s), server {server.BaseAddress} (+{server.Latency.TotalMilliseconds} ms per request), Redis: {RedisBackend.Kind}");
        var rows = new Dictionary<(string Fleet, FleetMode Mode), List<Measurement>>();
        for (var run = 1; run <= runs; run++)
        {
            var t = await SerialPutMsAsync(server, $"serial-{run}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}: t = {t:0.000} ms per serial PUT"));
            foreach (var (processes, writers) in fleets)
            {
                foreach (var mode in Enum.GetValues<FleetMode>())
                {
                    var m = await RunFleetAsync(server, $"fleet-{processes}x{writers}-{mode}-{run}", processes, writers, mode, t);
                    var key = ($"{processes}x{writers}", mode);
                    (rows.TryGetValue(key, out var list) ? list : rows[key] = []).Add(m);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {key.Item1,-6} {mode,-18} failed {m.Failed.Count,3} lost {m.Lost,3} PUTs/write {m.PutsPerWrite:0.00} GETs/write {m.GetsPerWrite:0.00} " +
                        $"p50 {m.LatencyInRounds(0.5):0.0} p99 {m.LatencyInRounds(0.99):0.0} max {m.LatencyInRounds(1):0.0} N·t  wall {m.WallPerSerial:0.00}x"));
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Medians of {runs} run(s); latency in units of N·t (N: all writers of the fleet; t: serial PUT time of the same run).");
        Console.WriteLine("| Fleet | Mode | Failed calls (runs) | Lost | PUTs/write | GETs/write | p50 | p99 | max | Wall / serial |");
        Console.WriteLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var ((fleet, mode), list) in rows)
        {
            string M(Func<Measurement, double> f, string format) => Measurement.Median(list.Select(f)).ToString(format, CultureInfo.InvariantCulture);
            Console.WriteLine(
                $"| {fleet} | {mode} | {string.Join(", ", list.Select(m => m.Failed.Count))} | {list.Sum(m => m.Lost)} | {M(m => m.PutsPerWrite, "0.00")} | {M(m => m.GetsPerWrite, "0.00")} | " +
                $"{M(m => m.LatencyInRounds(0.5), "0.0")} | {M(m => m.LatencyInRounds(0.99), "0.0")} | {M(m => m.LatencyInRounds(1), "0.0")} | {M(m => m.WallPerSerial, "0.00")}x |");
        }

        return rows.Values.SelectMany(l => l).All(m => m.Failed.Count == 0 && m.Lost == 0) ? 0 : 1;
    }

    private static async Task<Measurement> RunFleetAsync(LoopbackServer server, string path, int processes, int writers, FleetMode mode, double t)
    {
        server.Seed($"/counters/{path}", new JsonObject { ["name"] = path, ["count"] = 0 });
        var garnet = mode == FleetMode.Independent ? null : RedisBackend.Start();
        await using var slow = mode == FleetMode.RedisSlow ? new LatencyProxy(garnet!.Port, TimeSpan.FromMilliseconds(2.5)) : null;
        var redis = garnet is null ? "-" : $"127.0.0.1:{slow?.Port ?? garnet.Port},abortConnect=false";
        var children = Enumerable.Range(0, processes).Select(p => Start(server.BaseAddress, redis, writers, path, p * writers)).ToList();
        try
        {
            await Task.WhenAll(children.Select(c => c.Ready.Task));
            var (putsBefore, getsBefore) = (server.Puts, server.Gets);
            var clock = Stopwatch.StartNew();
            foreach (var child in children)
            {
                await child.Process.StandardInput.WriteLineAsync("go");
                await child.Process.StandardInput.FlushAsync();
            }

            var done = Task.WhenAll(children.Select(c => c.Done.Task));
            var killer = mode == FleetMode.RedisKilled ? KillWhenAThirdIsAppliedAsync(server, processes * writers * Increments, garnet!, done) : Task.CompletedTask;
            await done;
            var wall = clock.Elapsed.TotalMilliseconds;
            await killer;
            if (mode != FleetMode.Independent)
            {
                Console.WriteLine($"    turns: {string.Join(" ", children.Select(c => c.Turns))}");
            }

            var writes = processes * writers * Increments;
            var failed = children.SelectMany(c => c.Failed).ToList();
            var final = server.Current($"/counters/{path}")["count"]!.GetValue<int>();
            return new Measurement(processes * writers, writes, failed, writes - failed.Count - final, server.Puts - putsBefore, server.Gets - getsBefore, wall,
                [.. children.SelectMany(c => c.Latencies)], t, server.Handovers($"/counters/{path}"));
        }
        finally
        {
            foreach (var child in children)
            {
                await child.Process.WaitForExitAsync();
                child.Process.Dispose();
            }

            garnet?.Dispose();
        }
    }

    private static async Task KillWhenAThirdIsAppliedAsync(LoopbackServer server, int writes, RedisBackend redis, Task done)
    {
        var appliedBefore = server.Puts - server.Rejected;
        while (server.Puts - server.Rejected - appliedBefore < writes / 3 && !done.IsCompleted)
        {
            await Task.Delay(1);
        }

        redis.Dispose();
    }

    private static Child Start(Uri baseAddress, string redis, int writers, string path, int firstWriter)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["fleet-child", baseAddress.ToString(), redis, $"{writers}", $"{Increments}", path, $"{firstWriter}"])
        {
            info.ArgumentList.Add(arg);
        }

        var child = new Child(Process.Start(info)!);
        child.Process.OutputDataReceived += (_, e) => child.Read(e.Data);
        child.Process.BeginOutputReadLine();
        return child;
    }

    private static async Task<double> SerialPutMsAsync(LoopbackServer server, string path)
    {
        server.Seed($"/counters/{path}", new JsonObject { ["name"] = path, ["count"] = 0 });
        var services = new ServiceCollection();
        services.AddRefitGeneratedClient<IItemApi>(new RefitSettings().UseConflictExceptions())
            .ConfigureHttpClient(c => c.BaseAddress = server.BaseAddress)
            .AddConflictResolution(o => o.MergeStrategy = MergeStrategy.Fail);
        await using var provider = services.BuildServiceProvider();
        var api = provider.GetRequiredService<IItemApi>();
        var etag = "\"1\"";
        for (var i = 1; i <= 100; i++)
        {
            using var warm = await api.PutAsync("counters", path, new Item(path, i), etag);
            etag = warm.Headers!.ETag!.ToString();
        }

        var clock = Stopwatch.StartNew();
        for (var i = 1; i <= 800; i++)
        {
            using var response = await api.PutAsync("counters", path, new Item(path, i), etag);
            etag = response.Headers!.ETag!.ToString();
        }

        return clock.Elapsed.TotalMilliseconds / 800;
    }

    private sealed class Child(Process process)
    {
        public Process Process { get; } = process;

        public TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentBag<double> Latencies { get; } = [];

        public ConcurrentBag<string> Failed { get; } = [];

        public string Turns { get; private set; } = string.Empty;

        public void Read(string? line)
        {
            switch (line)
            {
                case null:
                    Ready.TrySetException(new InvalidOperationException("A fleet process ended before it was ready."));
                    Done.TrySetResult();
                    break;
                case "ready":
                    Ready.TrySetResult();
                    break;
                case "done":
                    Done.TrySetResult();
                    break;
                case ['l', 'a', 't', ' ', ..]:
                    Latencies.Add(double.Parse(line[4..], CultureInfo.InvariantCulture));
                    break;
                case ['t', 'u', 'r', 'n', 's', ' ', ..]:
                    Turns = line[6..];
                    break;
                case ['f', 'a', 'i', 'l', ' ', ..]:
                    Failed.Add(line[5..]);
                    break;
            }
        }
    }
}
