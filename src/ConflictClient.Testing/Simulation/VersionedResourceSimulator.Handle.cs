using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConflictClient.Testing;

/// <summary>How the simulator answers a request: reads, conditional writes, creates and idempotent replays.</summary>
public sealed partial class VersionedResourceSimulator
{
    private const string Problem = "application/problem+json";

    private HttpStatusCode MismatchStatus =>
        Options.MismatchStatus ?? (Options.Placement == VersionPlacement.Header ? HttpStatusCode.PreconditionFailed : HttpStatusCode.Conflict);

    internal SimulatedResponse Handle(SimulatedRequest request)
    {
        lock (_gate)
        {
            if (request.Method != "GET" && Options.EnforceIdempotencyKeys && request.Header("Idempotency-Key") is { } key)
            {
                if (_inFlightNext > 0)
                {
                    _inFlightNext--;
                    return Respond(
                        HttpStatusCode.Conflict,
                        """{"type":"https://example.test/problems/idempotency-in-progress","title":"A request with this Idempotency-Key is still being processed","status":409}""",
                        Problem,
                        new() { ["Retry-After"] = (Options.RetryAfterSeconds ?? 1).ToString(CultureInfo.InvariantCulture) });
                }

                if (_idempotent.TryGetValue(key, out var stored))
                {
                    return stored.Payload == (request.Body ?? string.Empty)
                        ? stored.Response with { LoseAnswer = false }
                        : Respond(HttpStatusCode.UnprocessableEntity, """{"title":"Idempotency-Key reused with another payload","status":422}""", Problem);
                }

                // Only completed writes are remembered: a conflict retry with the same key is processed afresh.
                var answer = Apply(request);
                if (answer.Status < 300)
                {
                    _idempotent[key] = (request.Body ?? string.Empty, answer);
                }

                return answer;
            }

            return Apply(request);
        }
    }

    private SimulatedResponse Apply(SimulatedRequest request)
    {
        if (request.Method == "POST")
        {
            return Create(request);
        }

        var createOnly = request.Header("If-None-Match") == "*";
        if (!_resources.TryGetValue(request.Path, out var entry))
        {
            return request.Method == "PUT" && createOnly && ParseObject(request.Body) is { } fresh
                ? Applied(request, HttpStatusCode.Created, request.Path, new Entry(1, fresh))
                : Respond(HttpStatusCode.NotFound, """{"title":"Not Found","status":404}""", Problem);
        }

        if (request.Method == "GET")
        {
            return Representation(HttpStatusCode.OK, entry);
        }

        if (createOnly)
        {
            _rejectedWrites++;
            return Respond(HttpStatusCode.PreconditionFailed, """{"type":"https://example.test/problems/exists","title":"Resource exists already","status":412}""", Problem);
        }

        if (request.Method is not ("PUT" or "PATCH" or "DELETE"))
        {
            return Respond(HttpStatusCode.MethodNotAllowed);
        }

        if (request.Method == "PATCH" && request.Body?.TrimStart().StartsWith('[') == true)
        {
            return Respond(HttpStatusCode.UnsupportedMediaType, """{"title":"Only JSON merge patches (RFC 7396) are supported","status":415}""", Problem);
        }

        var incoming = request.Method == "DELETE" ? null : ParseObject(request.Body);
        if (request.Method != "DELETE" && incoming is null)
        {
            return Respond(HttpStatusCode.BadRequest, """{"title":"Body must be a JSON object","status":400}""", Problem);
        }

        var ifMatch = request.Header("If-Match");
        var bodyVersioned = Options.Placement == VersionPlacement.Body && request.Method != "DELETE"; // a DELETE has no body to carry it
        if (!bodyVersioned && ifMatch is null && Options.RequirePrecondition)
        {
            return Respond((HttpStatusCode)428, """{"title":"Precondition Required","status":428}""", Problem);
        }

        var matches = (ifMatch is null || ifMatch == "*" || (ifMatch == ETagFor(entry.Version) && !(Options.StrongComparison && ifMatch.StartsWith("W/", StringComparison.Ordinal))))
            && (!bodyVersioned || (request.Method == "PATCH" && !HasBodyVersion(incoming)) || BodyVersionMatches(incoming, entry.Version));
        if (matches && _rejectNextWrites-- > 0)
        {
            // Another writer wrote just before this one: the version moves (the document is unchanged), and this write is stale.
            entry = new Entry(entry.Version + 1, entry.Body);
            _resources[request.Path] = entry;
            matches = false;
        }

        if (!matches)
        {
            _rejectedWrites++;
            return Conflict(entry, ifMatch);
        }

        if (request.Method == "DELETE")
        {
            _resources.Remove(request.Path);
            return Counted(request, Respond(HttpStatusCode.NoContent));
        }

        if (Options.Placement == VersionPlacement.Body)
        {
            RemoveBodyVersion(incoming!);
        }

        var next = request.Method == "PATCH" ? MergePatch((JsonObject)entry.Body.DeepClone(), incoming!) : incoming!;
        return Applied(request, HttpStatusCode.OK, request.Path, new Entry(entry.Version + 1, next));
    }

    private SimulatedResponse Create(SimulatedRequest request)
    {
        if (ParseObject(request.Body) is not { } incoming)
        {
            return Respond(HttpStatusCode.BadRequest, """{"title":"Body must be a JSON object","status":400}""", Problem);
        }

        var collection = request.Path.TrimEnd('/');
        if (Options.UniqueMember is { } unique &&
            _resources.FirstOrDefault(r => r.Key.StartsWith(collection + "/", StringComparison.Ordinal) &&
                JsonNode.DeepEquals(r.Value.Body[unique], incoming[unique])) is { Key: { } existingPath })
        {
            _rejectedWrites++;
            return Duplicate(unique, incoming, existingPath);
        }

        string path;
        do
        {
            path = $"{collection}/{++_nextId}";
        }
        while (_resources.ContainsKey(path));

        incoming["id"] = _nextId;
        var response = Applied(request, HttpStatusCode.Created, path, new Entry(1, incoming));
        return response with { Headers = new Dictionary<string, string>(response.Headers) { ["Location"] = path } };
    }

    private SimulatedResponse Applied(SimulatedRequest request, HttpStatusCode status, string path, Entry entry)
    {
        _resources[path] = entry;
        return Counted(request, Representation(status, entry));
    }

    private SimulatedResponse Counted(SimulatedRequest request, SimulatedResponse response)
    {
        _appliedWrites++;
        if (request.Header(Options.OperationHeader) is { } operation)
        {
            _appliedByOperation.AddOrUpdate(operation, 1, static (_, count) => count + 1);
        }

        return _loseNextAnswers-- > 0 ? response with { LoseAnswer = true } : response;
    }

    private SimulatedResponse Duplicate(string unique, JsonObject incoming, string existingPath)
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

        return Respond(HttpStatusCode.Conflict, problem.ToJsonString(), Problem, headers);
    }

    private SimulatedResponse Conflict(Entry entry, string? ifMatch)
    {
        var headers = new Dictionary<string, string>();
        if (Options.RetryAfterSeconds is { } seconds)
        {
            headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (Options.ConflictBodyCarriesCurrent)
        {
            var current = Representation(MismatchStatus, entry);
            return current with { Headers = new Dictionary<string, string>(current.Headers.Concat(headers)) };
        }

        var problem = new JsonObject
        {
            ["type"] = "https://example.test/problems/version-mismatch",
            ["title"] = "Version mismatch",
            ["status"] = (int)MismatchStatus,
            ["detail"] = $"The write carried {ifMatch ?? "a stale body version"}; the current version is {ETagFor(entry.Version)}.",
            ["currentVersion"] = entry.Version,
        };
        return Respond(MismatchStatus, problem.ToJsonString(), Problem, headers);
    }

    private SimulatedResponse Representation(HttpStatusCode status, Entry entry)
    {
        var body = (JsonObject)entry.Body.DeepClone();
        if (Options.Placement == VersionPlacement.Body)
        {
            SetBodyVersion(body, entry.Version);
        }

        return Respond(status, body.ToJsonString(), "application/json", new() { ["ETag"] = ETagFor(entry.Version) });
    }

    private static SimulatedResponse Respond(HttpStatusCode status, string? body = null, string? contentType = null, Dictionary<string, string>? headers = null) =>
        new((int)status, body, body is null ? null : contentType ?? "application/json", headers ?? []);
}
