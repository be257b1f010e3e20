using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using ConflictClient.Tests.Oracles;
using Microsoft.Extensions.Logging;

namespace ConflictClient.Tests.Support;

/// <summary>
/// A real Kestrel server (loopback, ephemeral port) holding versioned JSON resources, with seeded faults. Every applied
/// write is counted per operation (the <c>X-Operation-Id</c> header), so a test tells applied-once from lost or doubled.
/// Versions are an ETag (If-Match, 412 on mismatch, 428 when missing) or, with <see cref="BodyVersion"/>, a
/// <c>_rev</c> member (409 on mismatch or when missing on an existing document, as CouchDB does).
/// </summary>
public sealed class KestrelResourceServer : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Version, JsonObject Body)> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Payload, int Status, string? Body, long Version)> _idempotent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _appliedByOperation = new(StringComparer.Ordinal);
    private readonly WebApplication _app;
    private int _applied;

    private KestrelResourceServer(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Gets or sets a value indicating whether versions live in the body's <c>_rev</c> instead of the ETag.</summary>
    public bool BodyVersion { get; set; }

    /// <summary>Gets or sets a value indicating whether a PUT without If-Match (ETag mode) is refused with 428.</summary>
    public bool RequirePrecondition { get; set; } = true;

    /// <summary>Gets or sets how an applied PUT is answered.</summary>
    public PutAnswer PutAnswer { get; set; } = PutAnswer.Representation;

    /// <summary>Gets or sets a value indicating whether writes with an Idempotency-Key are deduplicated (answers replayed).</summary>
    public bool EnforceIdempotencyKeys { get; set; }

    /// <summary>Gets or sets the fault for each write, in arrival order (called under the server's lock).</summary>
    public Func<ServerFault> Faults { get; set; } = () => ServerFault.None;

    public int AppliedWrites => Volatile.Read(ref _applied);

    /// <summary>Gets or sets what runs after a write was decided (applied or not) and before its answer leaves: a crash test kills the client there.</summary>
    public Func<HttpRequest, Task>? BeforeAnswer { get; set; }

    public static async Task<KestrelResourceServer> StartAsync(Action<KestrelResourceServer>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new KestrelResourceServer(app);
        configure?.Invoke(server);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUri = new Uri(app.Urls.First());
        return server;
    }

    /// <summary>How many times the operation <paramref name="id"/> was applied.</summary>
    public int AppliedCount(string id) => _appliedByOperation.TryGetValue(id, out var count) ? count : 0;

    public void Seed(string path, JsonObject body)
    {
        lock (_gate)
        {
            _resources[path] = (1, body);
        }
    }

    /// <summary>Another writer's change, applied directly: bumps the version.</summary>
    public void WriteDirectly(string path, Action<JsonObject> change)
    {
        lock (_gate)
        {
            WriteDirectlyLocked(path, change);
        }
    }

    public (long Version, JsonObject Body) Current(string path)
    {
        lock (_gate)
        {
            var (version, body) = _resources[path];
            return (version, (JsonObject)body.DeepClone());
        }
    }

    public string ETag(long version) => $"\"v{version}\"";

    public bool Exists(string path)
    {
        lock (_gate)
        {
            return _resources.ContainsKey(path);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void WriteDirectlyLocked(string path, Action<JsonObject> change)
    {
        var (version, body) = _resources[path];
        var next = (JsonObject)body.DeepClone();
        change(next);
        _resources[path] = (version + 1, next);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var payload = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync(context.RequestAborted);
        (int Status, string? Body, long Version, ServerFault Fault) answer;
        lock (_gate)
        {
            answer = Answer(request, payload);
        }

        if (BeforeAnswer is { } beforeAnswer && !HttpMethods.IsGet(request.Method))
        {
            await beforeAnswer(request);
        }

        if (answer.Fault is ServerFault.AbortBeforeApply or ServerFault.ApplyThenAbort or ServerFault.ApplyThenAbortThenOtherWrites)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = answer.Status;
        if (answer.Version > 0)
        {
            context.Response.Headers.ETag = ETag(answer.Version);
        }

        if (answer.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.Body, context.RequestAborted);
        }
    }

    private (int Status, string? Body, long Version, ServerFault Fault) Answer(HttpRequest request, string payload)
    {
        var path = request.Path.Value!;
        if (HttpMethods.IsGet(request.Method))
        {
            return _resources.TryGetValue(path, out var entry) ? (200, Render(entry.Version, entry.Body), entry.Version, ServerFault.None) : (404, null, 0, ServerFault.None);
        }

        var fault = Faults();
        if (fault is ServerFault.AbortBeforeApply or ServerFault.Unavailable)
        {
            return (503, null, 0, fault);
        }

        var key = EnforceIdempotencyKeys ? request.Headers["Idempotency-Key"].ToString() : string.Empty;
        if (key.Length > 0 && _idempotent.TryGetValue(key, out var stored))
        {
            return stored.Payload == payload ? (stored.Status, stored.Body, stored.Version, ServerFault.None) : (422, null, 0, ServerFault.None);
        }

        var answer = Apply(request, path, payload);
        if (answer.Status < 300 && request.Headers["X-Operation-Id"].ToString() is { Length: > 0 } operation)
        {
            _appliedByOperation.AddOrUpdate(operation, 1, (_, n) => n + 1);
        }

        if (answer.Status < 300)
        {
            Interlocked.Increment(ref _applied);
            if (key.Length > 0)
            {
                _idempotent[key] = (payload, answer.Status, answer.Body, answer.Version);
            }

            if (fault == ServerFault.ApplyThenAbortThenOtherWrites)
            {
                WriteDirectlyLocked(path, doc => doc["count"] = (doc["count"]?.GetValue<int>() ?? 0) + 1);
            }
        }

        return (answer.Status, answer.Body, answer.Version, answer.Status < 300 ? fault : ServerFault.None);
    }

    private (int Status, string? Body, long Version) Apply(HttpRequest request, string path, string payload)
    {
        var exists = _resources.TryGetValue(path, out var entry);
        if (!HttpMethods.IsPut(request.Method) && !exists)
        {
            return (404, null, 0);
        }

        var ifMatch = request.Headers.IfMatch.ToString();
        var patch = HttpMethods.IsPatch(request.Method) && exists;
        var parsed = HttpMethods.IsDelete(request.Method) ? null : JsonNode.Parse(payload);
        var incoming = parsed as JsonObject;
        if (!HttpMethods.IsDelete(request.Method) && incoming is null && !patch)
        {
            return (400, """{"error":"bad_request","reason":"Body must be a JSON object."}""", 0);
        }

        if (BodyVersion)
        {
            var rev = incoming?["_rev"]?.GetValue<string>();
            incoming?.Remove("_rev");
            if (exists && rev != Rev(entry.Version))
            {
                return (409, """{"error":"conflict","reason":"Document update conflict."}""", 0);
            }
        }
        else if (exists)
        {
            if (ifMatch.Length == 0 && RequirePrecondition)
            {
                return (428, """{"title":"Precondition Required","status":428}""", 0);
            }

            if (ifMatch.Length > 0 && ifMatch != ETag(entry.Version))
            {
                return (412, """{"title":"Precondition Failed","status":412,"detail":"The version does not match."}""", entry.Version);
            }
        }

        if (HttpMethods.IsDelete(request.Method))
        {
            _resources.Remove(path);
            return (204, null, 0);
        }

        var version = exists ? entry.Version + 1 : 1;
        if (patch)
        {
            // RFC 6902 for application/json-patch+json, RFC 7396 otherwise, applied by the tests' independent oracles.
            try
            {
                incoming = (request.ContentType ?? string.Empty).StartsWith("application/json-patch+json", StringComparison.OrdinalIgnoreCase)
                    ? RfcJsonPatch.Apply(entry.Body, parsed) as JsonObject
                    : RfcMergePatch.Apply(entry.Body, BodyVersion ? incoming : parsed) as JsonObject;
            }
            catch (RfcPatchException e)
            {
                return (422, $$"""{"title":"Unprocessable Entity","status":422,"detail":{{System.Text.Json.JsonSerializer.Serialize(e.Message)}}}""", 0);
            }

            if (incoming is null)
            {
                return (422, """{"title":"Unprocessable Entity","status":422,"detail":"A resource is a JSON object."}""", 0);
            }
        }

        _resources[path] = (version, incoming!);
        return PutAnswer switch
        {
            PutAnswer.CouchStatus => (201, $$"""{"ok":true,"id":"{{path}}","rev":"{{Rev(version)}}"}""", version),
            PutAnswer.NoContent => (204, null, version),
            _ => (200, Render(version, incoming!), version),
        };
    }

    private string Render(long version, JsonObject body)
    {
        var copy = (JsonObject)body.DeepClone();
        if (BodyVersion)
        {
            copy["_rev"] = Rev(version);
        }

        return copy.ToJsonString();
    }

    private static string Rev(long version) => string.Create(CultureInfo.InvariantCulture, $"{version}-r");
}
