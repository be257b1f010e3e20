using BenchmarkDotNet.Running;
using ConflictClient.Benchmarks;

// dotnet run -c Release --project tests/ConflictClient.Benchmarks -- --filter '*'      (BenchmarkDotNet)
// dotnet run -c Release --project tests/ConflictClient.Benchmarks -- contention [runs] [N,N,...] (contention curve and peers)
// dotnet run -c Release --project tests/ConflictClient.Benchmarks -- faults [runs]     (the fault suite, 32 writers)
// dotnet run -c Release --project tests/ConflictClient.Benchmarks -- merge-pairs [rounds] (P5 at 1 MB as paired ratios)
// dotnet run -c Release --project tests/ConflictClient.Benchmarks -- fleet [runs] [PxW,...]  (a fleet of processes, with and without Redis turns)
// dotnet run -c Release --project tests/ConflictClient.Benchmarks -- outbox [runs] [writes] [latency ms]  (enqueue p50/p99; drain against direct sends)
if (args is ["fleet-child", ..])
{
    return await ConflictClient.Benchmarks.Fleet.FleetChild.RunAsync(args);
}

if (args is ["fleet", ..])
{
    return await ConflictClient.Benchmarks.Fleet.FleetHarness.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5,
        args.Length > 2
            ? [.. args[2].Split(',').Select(f => f.Split('x')).Select(f => (int.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture)))]
            : [(8, 8), (64, 1)]);
}

if (args is ["outbox", ..])
{
    return await ConflictClient.Benchmarks.Outbox.OutboxBenchmark.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2000,
        TimeSpan.FromMilliseconds(args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 0));
}

if (args is ["faults", ..])
{
    return await FaultHarness.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3);
}

if (args is ["merge-pairs", ..])
{
    return MergePairs.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 300);
}

if (args is ["contention", ..])
{
    return await ConflictClient.Benchmarks.Contention.ContentionHarness.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5,
        args.Length > 2 ? [.. args[2].Split(',').Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture))] : [1, 4, 16, 64]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
