using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using ConflictClient.Merging;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace ConflictClient.Benchmarks;

/// <summary>
/// P1: a no-conflict conditional PUT over loopback through plain Refit (baseline), raw HttpClient, Refit with the
/// standard resilience handler, and Refit with ConflictClient. P2: ConflictClient PUTs that meet one conflict, resolved
/// by GET or by the state carried in the 412, against the same PUT meeting none.
/// </summary>
/// <remarks>
/// Each invocation awaits <see cref="WritesPerInvoke"/> writes one after another, as an async caller does; figures are
/// per write. (BenchmarkDotNet blocks its own thread on each invocation; a caller that blocks on every write makes
/// pooled async state machines miss their pool more often, see <see cref="InMemoryWriteOverheadBenchmarks"/>.)
/// </remarks>
[MemoryDiagnoser]
public class WriteOverheadBenchmarks
{
    public const int WritesPerInvoke = 16;

    private LoopbackServer _server = null!;
    private ServiceProvider _services = null!;
    private HttpClient _raw = null!;
    private IItemApi _plain = null!;
    private IItemApi _standard = null!;
    private IItemApi _conflictClient = null!;
    private IItemApi _conflictClientState = null!;
    private IItemApi _empty = null!;
    private readonly Dictionary<string, string> _etags = new(StringComparer.Ordinal);

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await LoopbackServer.StartAsync();
        foreach (var id in new[] { "raw", "plain", "standard", "conflict-client", "conflicted" })
        {
            _server.Seed($"/items/{id}", new JsonObject { ["name"] = id, ["count"] = 0 });
            _etags[id] = "\"1\"";
        }

        _server.Seed("/with-state/conflicted", new JsonObject { ["name"] = "conflicted", ["count"] = 0 });
        _etags["with-state"] = "\"1\"";

        var services = new ServiceCollection();
        services.AddHttpClient("raw", c => c.BaseAddress = _server.BaseAddress);
        services.AddRefitGeneratedClient<IItemApi>(settingsAction: null, httpClientName: "plain").ConfigureHttpClient(c => c.BaseAddress = _server.BaseAddress);
        services.AddRefitGeneratedClient<IItemApi>(settingsAction: null, httpClientName: "standard").ConfigureHttpClient(c => c.BaseAddress = _server.BaseAddress)
            .AddStandardResilienceHandler();
        services.AddRefitGeneratedClient<IItemApi>(settingsAction: null, httpClientName: "conflict-client").ConfigureHttpClient(c => c.BaseAddress = _server.BaseAddress)
            .AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ClientWins);
        services.AddRefitGeneratedClient<IItemApi>(settingsAction: null, httpClientName: "conflict-client-state").ConfigureHttpClient(c => c.BaseAddress = _server.BaseAddress)
            .AddConflictResolution(o =>
            {
                o.MergeStrategy = MergeStrategy.ClientWins;
                o.Versions.ConflictResponseCarriesCurrent = true;
            });
        services.AddRefitGeneratedClient<IItemApi>(settingsAction: null, httpClientName: "empty").ConfigureHttpClient(c => c.BaseAddress = _server.BaseAddress)
            .AddResilienceHandler("empty", _ => { });
        _services = services.BuildServiceProvider();
        _raw = _services.GetRequiredService<IHttpClientFactory>().CreateClient("raw");
        _plain = Client("plain");
        _standard = Client("standard");
        _conflictClient = Client("conflict-client");
        _conflictClientState = Client("conflict-client-state");
        _empty = Client("empty");
        _server.Seed("/items/empty", new JsonObject { ["name"] = "empty", ["count"] = 0 });
        _etags["empty"] = "\"1\"";
    }

    /// <summary>The floor of running any pipeline through Microsoft.Extensions.Http.Resilience's handler.</summary>
    [Benchmark(Description = "P1 reference: Refit + empty ResilienceHandler", OperationsPerInvoke = WritesPerInvoke)]
    public Task<int> EmptyResilience() => RepeatAsync(() => PutAsync(_empty, "items", "empty"));

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "P1 Refit PUT (no handler)", OperationsPerInvoke = WritesPerInvoke)]
    public Task<int> RefitPut() => RepeatAsync(() => PutAsync(_plain, "items", "plain"));

    [Benchmark(Description = "P1 raw HttpClient PUT", OperationsPerInvoke = WritesPerInvoke)]
    public Task<int> RawPut() => RepeatAsync(RawPutAsync);

    private async Task<int> RawPutAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/items/raw") { Content = JsonContent.Create(new Item("raw", 1)) };
        request.Headers.TryAddWithoutValidation("If-Match", _etags["raw"]);
        using var response = await _raw.SendAsync(request);
        _etags["raw"] = response.Headers.ETag!.ToString();
        return (int)response.StatusCode;
    }

    [Benchmark(Description = "P1 Refit + AddStandardResilienceHandler PUT", OperationsPerInvoke = WritesPerInvoke)]
    public Task<int> StandardPut() => RepeatAsync(() => PutAsync(_standard, "items", "standard"));

    [Benchmark(Description = "P1 Refit + ConflictClient PUT, no conflict", OperationsPerInvoke = WritesPerInvoke)]
    public Task<int> ConflictClientPut() => RepeatAsync(() => PutAsync(_conflictClient, "items", "conflict-client"));

    [Benchmark(Description = "P2 ConflictClient PUT, one conflict, resolved by GET", OperationsPerInvoke = WritesPerInvoke)]
    public Task<int> ConflictResolvedByGet() => RepeatAsync(() =>
    {
        _server.Bump("/items/conflicted");
        return PutAsync(_conflictClient, "items", "conflicted");
    });

    [Benchmark(Description = "P2 ConflictClient PUT, one conflict, state in the 412", OperationsPerInvoke = WritesPerInvoke)]
    public Task<int> ConflictResolvedFromResponse() => RepeatAsync(() =>
    {
        _server.Bump("/with-state/conflicted");
        return PutAsync(_conflictClientState, "with-state", "conflicted", etagKey: "with-state");
    });

    /// <summary>Awaits <see cref="WritesPerInvoke"/> writes in sequence; returns the last status.</summary>
    internal static async Task<int> RepeatAsync(Func<Task<int>> write)
    {
        var status = 0;
        for (var i = 0; i < WritesPerInvoke; i++)
        {
            status = await write();
        }

        return status;
    }

    private IItemApi Client(string name) =>
        RestService.ForGenerated<IItemApi>(_services.GetRequiredService<IHttpClientFactory>().CreateClient(name));

    private async Task<int> PutAsync(IItemApi api, string kind, string id, string? etagKey = null)
    {
        etagKey ??= id;
        using var response = await api.PutAsync(kind, id, new Item(id, 1), _etags[etagKey]);
        _etags[etagKey] = response.Headers!.ETag!.ToString();
        return (int)response.StatusCode!;
    }
}
