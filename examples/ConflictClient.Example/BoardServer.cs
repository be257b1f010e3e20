using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ConflictClient.Example;

/// <summary>
/// An embedded Kestrel API on 127.0.0.1 (ephemeral port) with one versioned board: GET returns an ETag, PUT needs a
/// matching If-Match (428 without one, 412 when stale) and bumps the version, as an API with optimistic concurrency does.
/// </summary>
public sealed class BoardServer : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly WebApplication _app;
    private long _version = 1;
    private JsonObject _board = new() { ["title"] = "Sprint board", ["cards"] = new JsonArray() };

    private BoardServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public int AppliedWrites { get; private set; }

    public int RejectedWrites { get; private set; }

    public int Reads { get; private set; }

    public long Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    public JsonObject Snapshot()
    {
        lock (_gate)
        {
            return (JsonObject)_board.DeepClone();
        }
    }

    public static async Task<BoardServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new BoardServer(builder.Build());
        // Typed as Func so the route handler overload writes the IResult (a RequestDelegate would discard it).
        server._app.MapGet("/boards/1", (Func<HttpContext, IResult>)server.Get);
        server._app.MapPut("/boards/1", (Func<HttpContext, Task<IResult>>)server.PutAsync);
        await server._app.StartAsync();
        server.BaseAddress = new Uri(server._app.Urls.First());
        return server;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static string ETag(long version) => $"\"{version}\"";

    private IResult Get(HttpContext context)
    {
        lock (_gate)
        {
            Reads++;
            context.Response.Headers.ETag = ETag(_version);
            return Results.Text(_board.ToJsonString(), "application/json");
        }
    }

    private async Task<IResult> PutAsync(HttpContext context)
    {
        var incoming = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
        var ifMatch = context.Request.Headers.IfMatch.ToString();
        lock (_gate)
        {
            if (incoming is null)
            {
                return Results.Problem(title: "The body must be a JSON object", statusCode: 400);
            }

            if (ifMatch.Length == 0)
            {
                return Results.Problem(title: "If-Match is required", statusCode: 428);
            }

            if (ifMatch != ETag(_version))
            {
                RejectedWrites++;
                return Results.Problem(title: "Version mismatch", detail: $"If-Match {ifMatch} is stale; current is {ETag(_version)}.", statusCode: 412);
            }

            AppliedWrites++;
            _version++;
            _board = incoming;
            context.Response.Headers.ETag = ETag(_version);
            return Results.Text(_board.ToJsonString(), "application/json");
        }
    }
}
