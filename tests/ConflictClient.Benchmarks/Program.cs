using BenchmarkDotNet.Running;
using ConflictClient.Benchmarks;

// dotnet run -c Release --project tests/ConflictClient.Benchmarks -- --filter '*'      (BenchmarkDotNet)
// dotnet run -c Release --project tests/ConflictClient.Benchmarks -- contention [runs] (P3/P4 contention harness)
// dotnet run -c Release --project tests/ConflictClient.Benchmarks -- faults [runs]     (the fault suite, 32 writers)
if (args is ["faults", ..])
{
    return await FaultHarness.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3);
}

if (args is ["contention", ..])
{
    return await ContentionHarness.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
