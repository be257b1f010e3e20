using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ConflictClient.Benchmarks;

/// <summary>
/// An in-process Kestrel minimal API on 127.0.0.1 (ephemeral port) with real versioned resources: GET returns an ETag;
/// PUT needs a matching If-Match (428 without, 412 when stale) and bumps the version. Under <c>/with-state/</c> a 412
/// carries the current representation and its ETag, so a client needs no GET.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Resource> _resources = new(StringComparer.Ordinal);
    private readonly WebApplication _app;
    private long _puts;
    private long _rejected;
    private long _gets;

    private LoopbackServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Gets every PUT received, applied or not.</summary>
    public long Puts => Interlocked.Read(ref _puts);

    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Gets every GET received.</summary>
    public long Gets => Interlocked.Read(ref _gets);

    public static async Task<LoopbackServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new LoopbackServer(builder.Build());
        server._app.Use(async (context, next) =>
        {
            if (server.Latency > TimeSpan.Zero)
            {
                await Task.Delay(server.Latency); // the network in front of a remote API: every request arrives this much later
            }

            await next(context);
        });
        server._app.MapGet("/{kind}/{id}", (Func<HttpContext, string, string, IResult>)server.Get);
        server._app.MapPut("/{kind}/{id}", (Func<HttpContext, string, string, Task<IResult>>)server.PutAsync);
        await server._app.StartAsync();
        server.BaseAddress = new Uri(server._app.Urls.First());
        return server;
    }

    /// <summary>Gets or sets the time added before each request is handled (zero: loopback as it is).</summary>
    public TimeSpan Latency { get; set; }

    public void Seed(string path, JsonObject body) => _resources[path] = new Resource(1, body.ToJsonString());

    /// <summary>Another writer, out of band: bumps the version so the next conditional write is stale.</summary>
    public void Bump(string path) => _resources.AddOrUpdate(path, _ => new Resource(1, "{}"), (_, r) => r with { Version = r.Version + 1 });

    public JsonObject Current(string path) => (JsonObject)JsonNode.Parse(_resources[path].Json)!;

    /// <summary>
    /// Gets how often the resource's writer changed: applied PUTs from another <c>X-Writer</c> than the one before.
    /// Applied writes over (handovers + 1) is the mean turn, how many writes one writer made in a row.
    /// </summary>
    public long Handovers(string path) => _resources[path].Handovers;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static string ETag(long version) => $"\"{version}\"";

    private IResult Get(HttpContext context, string kind, string id)
    {
        Interlocked.Increment(ref _gets);
        if (!_resources.TryGetValue($"/{kind}/{id}", out var resource))
        {
            return Results.NotFound();
        }

        context.Response.Headers.ETag = ETag(resource.Version);
        return Results.Text(resource.Json, "application/json");
    }

    private async Task<IResult> PutAsync(HttpContext context, string kind, string id)
    {
        Interlocked.Increment(ref _puts);
        using var reader = new StreamReader(context.Request.Body);
        var json = await reader.ReadToEndAsync();
        var ifMatch = context.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length == 0)
        {
            return Results.Problem(title: "If-Match is required", statusCode: 428);
        }

        var path = $"/{kind}/{id}";
        while (true)
        {
            var current = _resources.GetValueOrDefault(path) ?? new Resource(0, "{}");
            if (ifMatch != ETag(current.Version))
            {
                Interlocked.Increment(ref _rejected);
                if (kind == "with-state")
                {
                    context.Response.Headers.ETag = ETag(current.Version);
                    return Results.Text(current.Json, "application/json", statusCode: 412);
                }

                return Results.Problem(title: "Version mismatch", statusCode: 412);
            }

            var writer = context.Request.Headers["X-Writer"].ToString();
            var handover = current.Writer is not null && current.Writer != writer ? 1 : 0;
            var next = new Resource(current.Version + 1, json, writer, current.Handovers + handover);
            if (_resources.TryUpdate(path, next, current))
            {
                context.Response.Headers.ETag = ETag(next.Version);
                return Results.Text(json, "application/json");
            }
        }
    }

    private sealed record Resource(long Version, string Json, string? Writer = null, long Handovers = 0);
}
