using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/ConflictClient.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
