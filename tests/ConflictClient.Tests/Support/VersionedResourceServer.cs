using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace ConflictClient.Tests.Support;

/// <summary>
/// A WireMock server holding versioned JSON resources, as a real API with optimistic concurrency would: every write
/// must carry the current version (If-Match or a body field), a stale one is refused with 412/409, and every applied
/// write bumps the version. Thread-safe, so concurrent writers meet real conflicts.
/// </summary>
public sealed class VersionedResourceServer : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Payload, ResponseMessage Response)> _idempotent = new(StringComparer.Ordinal);
    private int _rejectNextWrites;
    private int _appliedWrites;
    private int _rejectedWrites;
    private int _inFlightNext;
    private int _nextId;

    public VersionedResourceServer(VersionedResourceOptions? options = null)
    {
        Options = options ?? new VersionedResourceOptions();
        Server = WireMockServer.Start();
        Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(Handle));
    }

    public WireMockServer Server { get; }

    public VersionedResourceOptions Options { get; }

    public Uri BaseUri => new(Server.Url!);

    public int AppliedWrites => Volatile.Read(ref _appliedWrites);

    public int RejectedWrites => Volatile.Read(ref _rejectedWrites);

    /// <summary>Gets every request the server received, in order.</summary>
    public IReadOnlyList<ILogEntry> Log => [.. Server.LogEntries.OrderBy(e => e.RequestMessage!.DateTime)];

    private HttpStatusCode MismatchStatus =>
        Options.MismatchStatus ?? (Options.Placement == VersionPlacement.Header ? HttpStatusCode.PreconditionFailed : HttpStatusCode.Conflict);

    /// <summary>
    /// A server holding <c>/todos/1</c> that another writer has changed since the client read it: the server is at
    /// version 2 (title "theirs"), so a write carrying version 1 meets a conflict.
    /// </summary>
    public static VersionedResourceServer WithStaleTodo(VersionedResourceOptions? options = null)
    {
        var server = new VersionedResourceServer(options);
        server.Seed("/todos/1", new JsonObject { ["title"] = "original" });
        server.WriteDirectly("/todos/1", doc => doc["title"] = "theirs");
        return server;
    }

    /// <summary>Creates or replaces a resource at version 1.</summary>
    public void Seed(string path, JsonObject body)
    {
        lock (_gate)
        {
            _resources[path] = new Entry(1, Strip(body));
        }
    }

    /// <summary>Makes the next <paramref name="count"/> writes fail with a conflict, whatever version they carry.</summary>
    public void RejectNextWrites(int count) => Interlocked.Exchange(ref _rejectNextWrites, count);

    /// <summary>The next <paramref name="count"/> writes with an Idempotency-Key get 409 "still being processed".</summary>
    public void ReportInFlight(int count) => Interlocked.Exchange(ref _inFlightNext, count);

    /// <summary>Gets the resources under <paramref name="collection"/> (such as "/users").</summary>
    public IReadOnlyList<JsonObject> InCollection(string collection)
    {
        lock (_gate)
        {
            return [.. _resources.Where(r => r.Key.StartsWith(collection + "/", StringComparison.Ordinal)).Select(r => (JsonObject)r.Value.Body.DeepClone())];
        }
    }

    /// <summary>Another writer's change, applied directly: bumps the version.</summary>
    public void WriteDirectly(string path, Action<JsonObject> change)
    {
        lock (_gate)
        {
            var entry = _resources[path];
            var body = (JsonObject)entry.Body.DeepClone();
            change(body);
            _resources[path] = new Entry(entry.Version + 1, body);
        }
    }

    public long VersionOf(string path)
    {
        lock (_gate)
        {
            return _resources[path].Version;
        }
    }

    /// <summary>Gets the stored state (without the version field).</summary>
    public JsonObject Current(string path)
    {
        lock (_gate)
        {
            return (JsonObject)_resources[path].Body.DeepClone();
        }
    }

    public string ETagFor(long version) => Options.ETagStyle switch
    {
        ETagStyle.Weak => $"W/\"v{version}\"",
        ETagStyle.Unquoted => $"v{version}",
        _ => $"\"v{version}\"",
    };

    public void Dispose() => Server.Stop();

    private static string? Header(IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    private static ResponseMessage Respond(HttpStatusCode status, string? body = null, string contentType = "application/json", Dictionary<string, string>? headers = null)
    {
        var message = new ResponseMessage
        {
            StatusCode = (int)status,
            Headers = new Dictionary<string, WireMockList<string>>(StringComparer.OrdinalIgnoreCase),
        };
        foreach (var (name, value) in headers ?? [])
        {
            message.Headers[name] = new WireMockList<string>(value);
        }

        if (body is not null)
        {
            message.Headers["Content-Type"] = new WireMockList<string>(contentType);
            message.BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 };
        }

        return message;
    }

    private static JsonObject Strip(JsonObject body) => (JsonObject)body.DeepClone();

    private IResponseMessage Handle(IRequestMessage request)
    {
        lock (_gate)
        {
            if (request.Method != "GET" && Options.EnforceIdempotencyKeys && Header(request, "Idempotency-Key") is { } key)
            {
                if (_inFlightNext > 0)
                {
                    _inFlightNext--;
                    return Respond(
                        HttpStatusCode.Conflict,
                        """{"type":"https://example.test/problems/idempotency-in-progress","title":"A request with this Idempotency-Key is still being processed","status":409}""",
                        "application/problem+json",
                        new Dictionary<string, string> { ["Retry-After"] = (Options.RetryAfterSeconds ?? 1).ToString(CultureInfo.InvariantCulture) });
                }

                if (_idempotent.TryGetValue(key, out var stored))
                {
                    return stored.Payload == (request.Body ?? string.Empty)
                        ? stored.Response
                        : Respond(HttpStatusCode.UnprocessableEntity, """{"title":"Idempotency-Key reused with another payload","status":422}""", "application/problem+json");
                }

                // Only completed writes are remembered: a conflict retry with the same key must be processed afresh.
                var applied = Apply(request);
                if (applied.StatusCode is int status && status < 300)
                {
                    _idempotent[key] = (request.Body ?? string.Empty, applied);
                }

                return applied;
            }

            return Apply(request);
        }
    }

    private ResponseMessage Create(IRequestMessage request)
    {
        if (JsonNode.Parse(request.Body ?? "null") is not JsonObject incoming)
        {
            return Respond(HttpStatusCode.BadRequest, """{"title":"Body must be a JSON object","status":400}""", "application/problem+json");
        }

        var collection = request.Path.TrimEnd('/');
        if (Options.UniqueMember is { } unique &&
            _resources.FirstOrDefault(r => r.Key.StartsWith(collection + "/", StringComparison.Ordinal) &&
                JsonNode.DeepEquals(r.Value.Body[unique], incoming[unique])) is { Key: { } existingPath })
        {
            var problem = new JsonObject
            {
                ["type"] = Options.DuplicateType,
                ["title"] = Options.DuplicateTitle,
                ["status"] = 409,
                ["detail"] = Options.DuplicateDetail ?? $"{unique} {incoming[unique]?.ToJsonString()} is registered already.",
                ["code"] = Options.DuplicateCode,
            };
            var headers = new Dictionary<string, string>();
            if (Options.DuplicateNamesExisting)
            {
                problem["location"] = existingPath;
                headers["Location"] = existingPath;
            }

            Interlocked.Increment(ref _rejectedWrites);
            return Respond(HttpStatusCode.Conflict, problem.ToJsonString(), "application/problem+json", headers);
        }

        int id;
        string path;
        do
        {
            id = ++_nextId;
            path = $"{collection}/{id}";
        }
        while (_resources.ContainsKey(path));

        incoming["id"] = id;
        var created = new Entry(1, incoming);
        _resources[path] = created;
        Interlocked.Increment(ref _appliedWrites);
        var response = Representation(HttpStatusCode.Created, created);
        response.Headers!["Location"] = new WireMockList<string>(path);
        return response;
    }

    private ResponseMessage Apply(IRequestMessage request)
    {
        {
            var path = request.Path;
            if (request.Method == "POST")
            {
                return Create(request);
            }

            if (!_resources.TryGetValue(path, out var entry))
            {
                if (request.Method == "PUT" && Header(request, "If-None-Match") == "*" && JsonNode.Parse(request.Body ?? "null") is JsonObject fresh)
                {
                    var created = new Entry(1, fresh);
                    _resources[path] = created;
                    Interlocked.Increment(ref _appliedWrites);
                    return Representation(HttpStatusCode.Created, created);
                }

                return Respond(HttpStatusCode.NotFound, """{"title":"Not Found","status":404}""", "application/problem+json");
            }

            if (Header(request, "If-None-Match") == "*")
            {
                Interlocked.Increment(ref _rejectedWrites);
                return Respond(HttpStatusCode.PreconditionFailed, """{"type":"https://example.test/problems/exists","title":"Resource exists already","status":412}""", "application/problem+json");
            }

            if (request.Method == "GET")
            {
                return Representation(HttpStatusCode.OK, entry);
            }

            if (request.Method is not ("PUT" or "PATCH" or "DELETE"))
            {
                return Respond(HttpStatusCode.MethodNotAllowed);
            }

            JsonObject? incoming = null;
            if (request.Method != "DELETE")
            {
                try
                {
                    incoming = JsonNode.Parse(request.Body ?? string.Empty) as JsonObject;
                }
                catch (System.Text.Json.JsonException)
                {
                }

                if (incoming is null)
                {
                    return Respond(HttpStatusCode.BadRequest, """{"title":"Body must be a JSON object","status":400}""", "application/problem+json");
                }
            }

            var ifMatch = Header(request, "If-Match");
            if (Options.Placement == VersionPlacement.Header && ifMatch is null && Options.RequirePrecondition)
            {
                return Respond((HttpStatusCode)428, """{"title":"Precondition Required","status":428}""", "application/problem+json");
            }

            var matches = Options.Placement == VersionPlacement.Header
                ? ifMatch == ETagFor(entry.Version)
                : (ifMatch is null || ifMatch == ETagFor(entry.Version)) && BodyVersionMatches(incoming, entry.Version);
            if (!matches || Interlocked.Decrement(ref _rejectNextWrites) >= 0)
            {
                Interlocked.Increment(ref _rejectedWrites);
                return Conflict(entry, ifMatch);
            }

            Interlocked.Increment(ref _appliedWrites);
            if (request.Method == "DELETE")
            {
                _resources.Remove(path);
                return Respond(HttpStatusCode.NoContent);
            }

            if (Options.Placement == VersionPlacement.Body)
            {
                RemoveBodyVersion(incoming!);
            }

            var updated = new Entry(entry.Version + 1, incoming!);
            _resources[path] = updated;
            return Representation(HttpStatusCode.OK, updated);
        }
    }

    private ResponseMessage Conflict(Entry entry, string? ifMatch)
    {
        var headers = new Dictionary<string, string>();
        if (Options.RetryAfterSeconds is { } seconds)
        {
            headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (Options.ConflictBodyCarriesCurrent)
        {
            var current = Representation(MismatchStatus, entry);
            foreach (var (name, value) in headers)
            {
                current.Headers![name] = new WireMockList<string>(value);
            }

            return current;
        }

        var problem = new JsonObject
        {
            ["type"] = "https://example.test/problems/version-mismatch",
            ["title"] = "Version mismatch",
            ["status"] = (int)MismatchStatus,
            ["detail"] = $"The write carried {ifMatch ?? "a stale body version"}; the current version is {ETagFor(entry.Version)}.",
            ["currentVersion"] = entry.Version,
        };
        return Respond(MismatchStatus, problem.ToJsonString(), "application/problem+json", headers);
    }

    private ResponseMessage Representation(HttpStatusCode status, Entry entry)
    {
        var body = (JsonObject)entry.Body.DeepClone();
        if (Options.Placement == VersionPlacement.Body)
        {
            SetBodyVersion(body, entry.Version);
        }

        return Respond(status, body.ToJsonString(), headers: new Dictionary<string, string> { ["ETag"] = ETagFor(entry.Version) });
    }

    private string[] VersionPath => Options.BodyVersionPath.Trim('/').Split('/');

    private bool BodyVersionMatches(JsonObject? body, long version)
    {
        JsonNode? node = body;
        foreach (var segment in VersionPath)
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(segment, out var child) ? child : null;
        }

        return node is JsonValue value && value.ToJsonString() == VersionJson(version).ToJsonString();
    }

    private void SetBodyVersion(JsonObject body, long version)
    {
        var target = body;
        var path = VersionPath;
        foreach (var segment in path[..^1])
        {
            if (target[segment] is not JsonObject next)
            {
                next = [];
                target[segment] = next;
            }

            target = next;
        }

        target[path[^1]] = VersionJson(version);
    }

    private void RemoveBodyVersion(JsonObject body)
    {
        var target = body;
        var path = VersionPath;
        foreach (var segment in path[..^1])
        {
            if (target[segment] is not JsonObject next)
            {
                return;
            }

            target = next;
        }

        target.Remove(path[^1]);
    }

    private JsonNode VersionJson(long version) =>
        Options.BodyVersionAsString ? JsonValue.Create(version.ToString(CultureInfo.InvariantCulture)) : JsonValue.Create(version);

    private sealed record Entry(long Version, JsonObject Body);
}
