using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Outbox;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Outbox;

/// <summary>
/// A client named "api" with conflict resolution and an outbox on a SQLite file in a fresh folder, against a real
/// Kestrel server; <see cref="Offline"/> makes every connection fail as a refused one. <see cref="RestartAsync"/> drops
/// the process's objects and opens the same file again, as an app restarted.
/// </summary>
internal sealed class OutboxHarness : IAsyncDisposable
{
    private readonly Action<ConflictResolutionStrategyOptions>? _conflicts;
    private readonly Action<ConflictOutboxOptions>? _outbox;
    private ServiceProvider _provider;

    private OutboxHarness(KestrelResourceServer server, string folder, Action<ConflictResolutionStrategyOptions>? conflicts, Action<ConflictOutboxOptions>? outbox)
    {
        Server = server;
        Folder = folder;
        _conflicts = conflicts;
        _outbox = outbox;
        _provider = Build();
    }

    public KestrelResourceServer Server { get; }

    public string Folder { get; }

    public string DatabasePath => Path.Combine(Folder, "outbox.db");

    public bool Offline { get; set; }

    /// <summary>Gets or sets a path whose writes the handler answers 503 without passing them on.</summary>
    public string? FailPath { get; set; }


    /// <summary>Gets the credentials the client's own handler adds to every send.</summary>
    public List<string?> AuthorizationSent { get; } = [];

    public ConflictOutbox Outbox => _provider.GetConflictOutbox("api");

    public System.Diagnostics.Metrics.IMeterFactory MeterFactory => _provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();

    public static async Task<OutboxHarness> StartAsync(Action<ConflictResolutionStrategyOptions>? conflicts = null, Action<ConflictOutboxOptions>? outbox = null, Action<KestrelResourceServer>? server = null)
    {
        var folder = Directory.CreateTempSubdirectory("conflict-outbox-").FullName;
        return new OutboxHarness(await KestrelResourceServer.StartAsync(server), folder, conflicts, outbox);
    }

    /// <summary>A PUT of <paramref name="body"/> made from <paramref name="baseBody"/> at <paramref name="version"/>.</summary>
    public HttpRequestMessage Put(string path, JsonObject body, JsonObject? baseBody, long version, string? operation = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, new Uri(Server.BaseUri, path)) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", Server.ETag(version));
        request.Headers.TryAddWithoutValidation("X-Operation-Id", operation ?? Guid.NewGuid().ToString());
        if (baseBody is not null)
        {
            request.SetConflictBase(baseBody.DeepClone());
        }

        return request;
    }

    public async Task RestartAsync()
    {
        await _provider.DisposeAsync();
        _provider = Build();
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await Server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine: left to the temp folder's cleanup.
        }
    }

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddHttpClient("api", c => c.BaseAddress = Server.BaseUri)
            .AddConflictResolution(o =>
            {
                o.MergeStrategy = MergeStrategy.ThreeWay();
                _conflicts?.Invoke(o);
            })
            .AddHttpMessageHandler(() => new FaultingHandler(this))
            .AddConflictOutbox(o =>
            {
                o.DatabasePath = DatabasePath;
                _outbox?.Invoke(o);
            });
        return services.BuildServiceProvider();
    }

    /// <summary>Below the strategy: adds the credentials, and refuses connections while offline.</summary>
    private sealed class FaultingHandler(OutboxHarness harness) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (harness.FailPath is { } failing && request.Method != HttpMethod.Get && request.RequestUri!.AbsolutePath == failing)
            {
                return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable) { RequestMessage = request });
            }

            if (harness.Offline)
            {
                throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (simulated outage)", new SocketException((int)SocketError.ConnectionRefused));
            }

            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "secret-token");
            lock (harness.AuthorizationSent)
            {
                harness.AuthorizationSent.Add(request.Headers.Authorization.ToString());
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
