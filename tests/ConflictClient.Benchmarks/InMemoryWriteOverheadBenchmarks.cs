using BenchmarkDotNet.Attributes;
using ConflictClient.Merging;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace ConflictClient.Benchmarks;

/// <summary>
/// P1's allocation, client side only: the same no-conflict PUT as <see cref="WriteOverheadBenchmarks"/>, but answered
/// by an in-memory handler instead of a loopback server. Nothing but the client runs, so "Allocated" is exact and the
/// same from run to run (on loopback it also counts the server's and the sockets' allocations, which vary).
/// </summary>
/// <remarks>
/// The first pair awaits writes in sequence, as an async caller does (and as <see cref="WriteOverheadBenchmarks"/>
/// does). The second pair blocks on each write from BenchmarkDotNet's own thread: ConflictClient's pooled async state
/// machines are then returned on thread-pool threads and miss the pool more often, so that caller sees more allocated.
/// </remarks>
[MemoryDiagnoser]
public class InMemoryWriteOverheadBenchmarks
{
    private ServiceProvider _services = null!;
    private IItemApi _plain = null!;
    private IItemApi _conflictClient = null!;

    [GlobalSetup]
    public void Setup()
    {
        var baseAddress = new Uri("http://in-memory/");
        var services = new ServiceCollection();
        services.AddRefitGeneratedClient<IItemApi>(settingsAction: null, httpClientName: "plain")
            .ConfigureHttpClient(c => c.BaseAddress = baseAddress)
            .ConfigurePrimaryHttpMessageHandler(() => new InMemoryItemHandler());
        services.AddRefitGeneratedClient<IItemApi>(settingsAction: null, httpClientName: "conflict-client")
            .ConfigureHttpClient(c => c.BaseAddress = baseAddress)
            .ConfigurePrimaryHttpMessageHandler(() => new InMemoryItemHandler())
            .AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ClientWins);
        _services = services.BuildServiceProvider();
        var factory = _services.GetRequiredService<IHttpClientFactory>();
        _plain = RestService.ForGenerated<IItemApi>(factory.CreateClient("plain"));
        _conflictClient = RestService.ForGenerated<IItemApi>(factory.CreateClient("conflict-client"));
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _services.DisposeAsync();

    [Benchmark(Baseline = true, Description = "P1 in memory, async caller: Refit PUT (no handler)", OperationsPerInvoke = WriteOverheadBenchmarks.WritesPerInvoke)]
    public Task<int> RefitPut() => WriteOverheadBenchmarks.RepeatAsync(() => PutAsync(_plain));

    [Benchmark(Description = "P1 in memory, async caller: Refit + ConflictClient PUT, no conflict", OperationsPerInvoke = WriteOverheadBenchmarks.WritesPerInvoke)]
    public Task<int> ConflictClientPut() => WriteOverheadBenchmarks.RepeatAsync(() => PutAsync(_conflictClient));

    [Benchmark(Description = "P1 in memory, blocking caller: Refit PUT (no handler)")]
    public Task<int> RefitPutBlocking() => PutAsync(_plain);

    [Benchmark(Description = "P1 in memory, blocking caller: Refit + ConflictClient PUT, no conflict")]
    public Task<int> ConflictClientPutBlocking() => PutAsync(_conflictClient);

    private static async Task<int> PutAsync(IItemApi api)
    {
        using var response = await api.PutAsync("items", "a", new Item("a", 1), "\"1\"");
        return (int)response.StatusCode!;
    }
}
