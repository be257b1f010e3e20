using System.Net;

namespace ConflictClient.Conflicts;

/// <summary>What a write says about itself: its method (tunnelled ones included), its preconditions, its key.</summary>
internal static class WriteRequests
{
    private static readonly string[] TunnelHeaders = ["X-HTTP-Method", "X-HTTP-Method-Override", "X-Method-Override"];

    public static bool IsUpdate(HttpMethod method) => method == HttpMethod.Put || method == HttpMethod.Patch || method == HttpMethod.Delete;

    public static bool IsWrite(HttpMethod method) => IsUpdate(method) || method == HttpMethod.Post;

    /// <summary>
    /// The method the server applies: a POST that tunnels another (<c>X-HTTP-Method: MERGE</c>, as OData and Azure
    /// Tables accept) is that method; MERGE is a PATCH.
    /// </summary>
    public static HttpMethod EffectiveMethod(HttpRequestMessage request)
    {
        if (request.Method != HttpMethod.Post)
        {
            return request.Method;
        }

        foreach (var name in TunnelHeaders)
        {
            if (request.Headers.NonValidated.TryGetValues(name, out var values))
            {
                return values.ToString().Trim().ToUpperInvariant() switch
                {
                    "PUT" => HttpMethod.Put,
                    "PATCH" or "MERGE" => HttpMethod.Patch,
                    "DELETE" => HttpMethod.Delete,
                    _ => HttpMethod.Post,
                };
            }
        }

        return HttpMethod.Post;
    }

    /// <summary>Whether the request carries a precondition on the version in its headers.</summary>
    public static bool HasVersionHeader(HttpRequestMessage request) =>
        request.Headers.NonValidated.Contains("If-Match") || request.Headers.NonValidated.Contains("If-Unmodified-Since");

    /// <summary>Whether the request may only create (<c>If-None-Match: *</c>).</summary>
    public static bool IsCreateOnly(HttpRequestMessage request) =>
        request.Headers.NonValidated.TryGetValues("If-None-Match", out var noneMatch) && noneMatch.ToString().Trim() == "*";

    public static bool IsKeyed(HttpRequestMessage request) => request.Headers.NonValidated.Contains(ConflictResolutionConstants.IdempotencyKeyHeader);

    /// <summary>400 and 422: statuses that are a conflict only when the words say so, and only for a write that said what it expects.</summary>
    public static bool IsMaybeConflict(HttpStatusCode status) => status is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity;

    /// <summary>
    /// 409, 412 and 428 to a write; 422 to a write (APIs say "already exists" or "key reused" with it); 400 to a write
    /// that carried a version (<paramref name="isVersioned"/>: in a header, the body or the query), was create-only
    /// (<paramref name="isCreateOnly"/>, or <c>If-None-Match: *</c>), or carried an Idempotency-Key. A 400 to any other
    /// write is the server's answer to the caller, untouched; so is a handled 400 or 422 that says nothing of ours.
    /// </summary>
    public static bool IsDefaultConflict(HttpRequestMessage request, HttpStatusCode status, bool isVersioned, bool isCreateOnly = false) =>
        IsWrite(request.Method) &&
        (status is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed or (HttpStatusCode)428 or HttpStatusCode.UnprocessableEntity ||
         (status == HttpStatusCode.BadRequest && (isVersioned || isCreateOnly || HasVersionHeader(request) || IsCreateOnly(request) || IsKeyed(request))));
}
