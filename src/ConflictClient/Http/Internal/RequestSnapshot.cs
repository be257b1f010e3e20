using System.Net.Http.Headers;

namespace ConflictClient.Http;

/// <summary>
/// A write request kept so it can be sent again: each attempt gets a fresh <see cref="HttpRequestMessage"/>, because a
/// message cannot be sent twice.
/// </summary>
/// <remarks>
/// The body is captured before the first send (<see cref="CaptureBodyAsync"/>), so the size limit holds before anything
/// is sent. The snapshot itself, and the copies of headers and options, are made only when a conflict needs a second
/// message, from the caller's message, which stays as it was. A write that meets no conflict thus copies nothing but
/// its body.
/// </remarks>
internal sealed class RequestSnapshot
{
    // Preconditions belong to the version being written, never to a re-fetch or a retry with another version.
    private static readonly HashSet<string> ConditionalHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since", "If-Range",
    };

    // A read is what it says: a write's method tunnelled in a header must not turn it into a write.
    private static readonly HashSet<string> TunnelHeaders = new(StringComparer.OrdinalIgnoreCase) { "X-HTTP-Method", "X-HTTP-Method-Override", "X-Method-Override" };

    private const string IdempotencyKeyHeader = "Idempotency-Key";

    private readonly HttpRequestMessage _request;
    private KeyValuePair<string, string[]>[]? _headers;
    private KeyValuePair<string, object?>[]? _options;

    /// <summary>Keeps <paramref name="request"/>, whose body <see cref="CaptureBodyAsync"/> captured as <paramref name="body"/>.</summary>
    public RequestSnapshot(HttpRequestMessage request, byte[]? body)
    {
        _request = request;
        Method = request.Method;
        RequestUri = request.RequestUri!;
        Version = request.Version;
        VersionPolicy = request.VersionPolicy;
        Body = body;
    }

    public HttpMethod Method { get; }

    /// <summary>Gets the caller's message: the template of every later one, and what answers to the caller refer to.</summary>
    public HttpRequestMessage Request => _request;

    /// <summary>Gets the media type of the caller's body, or null.</summary>
    public MediaTypeHeaderValue? ContentType => _request.Content?.Headers.ContentType;

    public Uri RequestUri { get; }

    public Version Version { get; }

    public HttpVersionPolicy VersionPolicy { get; }

    /// <summary>Gets the captured body; null when the request had no content.</summary>
    public byte[]? Body { get; }

    /// <summary>Gets the request's <c>If-Match</c> header verbatim, or null.</summary>
    public string? IfMatch => Header("If-Match");

    /// <summary>Gets the request's <c>If-None-Match</c> header verbatim, or null.</summary>
    public string? IfNoneMatch => Header("If-None-Match");

    /// <summary>Gets the request's <c>If-Unmodified-Since</c> header verbatim, or null.</summary>
    public string? IfUnmodifiedSince => Header("If-Unmodified-Since");

    /// <summary>Gets the request's <c>Idempotency-Key</c> header verbatim, or null.</summary>
    public string? IdempotencyKey => Header(IdempotencyKeyHeader);

    private KeyValuePair<string, string[]>[] Headers =>
        _headers ??= [.. _request.Headers.NonValidated.Select(h => KeyValuePair.Create(h.Key, h.Value.ToArray()))];

    private KeyValuePair<string, object?>[] Options => _options ??= [.. _request.Options];

    /// <summary>
    /// Captures the request's body and swaps its content for the captured bytes, so the first attempt sends exactly
    /// what later attempts will. Returns null when the body exceeds <paramref name="maxBodySize"/>; nothing is sent
    /// then. A write without content gets an empty replay content (sent as <c>Content-Length: 0</c>), so that its
    /// sends are counted too: a resend proves nothing about whether the first send was applied.
    /// </summary>
    /// <remarks>A message <paramref name="sentBefore"/> by an earlier process counts that send (see <see cref="ReplayContent.MarkSentBefore"/>).</remarks>
    public static async ValueTask<byte[]?> CaptureBodyAsync(HttpRequestMessage request, int maxBodySize, CancellationToken cancellationToken, bool sentBefore = false)
    {
        if (request.Content is not { } original)
        {
            request.Content = SentBefore(sentBefore, new ReplayContent([]));
            return [];
        }

        if (original is ReplayContent captured)
        {
            return captured.Body;
        }

        var body = await BoundedContent.CaptureAsync(original, maxBodySize, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return null;
        }

        // The replay content takes over the original's headers; the original content is spent and released.
        request.Content = SentBefore(sentBefore, CreateContent(body, original.Headers));
        original.Dispose();
        return body;
    }

    /// <summary>Counts the send of an earlier process when there was one.</summary>
    private static ReplayContent SentBefore(bool sentBefore, ReplayContent content)
    {
        if (sentBefore)
        {
            content.MarkSentBefore();
        }

        return content;
    }

    /// <summary>The write again, with another body and preconditions, and possibly another method and target.</summary>
    public HttpRequestMessage CreateWrite(byte[]? body, string? ifMatch, string? ifNoneMatch = null, HttpMethod? method = null, Uri? uri = null, string? idempotencyKey = null)
    {
        var request = CreateRequest(method ?? Method, uri ?? RequestUri);
        CopyHeaders(request, skipConditional: true, skipIdempotencyKey: true);
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, idempotencyKey);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        // Even an empty body is replay content, so every send of the message is counted.
        request.Content = CreateContent(body ?? [], _request.Content?.Headers);
        return request;
    }

    /// <summary>A GET for the current representation, carrying the write's headers minus preconditions and content headers.</summary>
    public HttpRequestMessage CreateRefetch(Uri uri) => CreateRead(HttpMethod.Get, uri, body: null, contentType: null);

    /// <summary>A read of the current state: the write's headers without its preconditions, key or tunnelled method.</summary>
    public HttpRequestMessage CreateRead(HttpMethod method, Uri uri, ReadOnlyMemory<byte>? body, string? contentType)
    {
        var request = CreateRequest(method, uri);
        CopyHeaders(request, skipConditional: true, skipIdempotencyKey: true, skipTunnel: true);
        if (body is { } bytes)
        {
            request.Content = new ReadOnlyMemoryContent(bytes);
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            }
        }

        return request;
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri) { Version = Version, VersionPolicy = VersionPolicy };
        foreach (var option in Options)
        {
            request.Options.Set(new HttpRequestOptionsKey<object?>(option.Key), option.Value);
        }

        return request;
    }

    private void CopyHeaders(HttpRequestMessage request, bool skipConditional, bool skipIdempotencyKey = false, bool skipTunnel = false)
    {
        foreach (var header in Headers)
        {
            if ((!skipConditional || !ConditionalHeaders.Contains(header.Key)) && (!skipTunnel || !TunnelHeaders.Contains(header.Key)) &&
                (!skipIdempotencyKey || !header.Key.Equals(IdempotencyKeyHeader, StringComparison.OrdinalIgnoreCase)))
            {
                request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
    }

    /// <summary>Gets how often <paramref name="request"/> was sent (0 when it has no replay content).</summary>
    public static int SendsOf(HttpRequestMessage request) => (request.Content as ReplayContent)?.Sends ?? 0;

    /// <summary>Gets the body <paramref name="request"/> holds once captured (null before, or when it has none).</summary>
    public static byte[]? BodyOf(HttpRequestMessage request) => (request.Content as ReplayContent)?.Body;

    /// <summary>Gets how often <paramref name="request"/>'s body was serialized: zero means none of it went out.</summary>
    public static int SerializedOf(HttpRequestMessage request) => (request.Content as ReplayContent)?.Serialized ?? 0;

    private string? Header(string name) =>
        Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } values
            ? string.Join(", ", values)
            : null;

    private static ReplayContent CreateContent(byte[] body, HttpContentHeaders? headers)
    {
        var content = new ReplayContent(body);
        if (headers is null)
        {
            return content;
        }

        // Content-Type is shared parsed, which allocates nothing. Other content headers are rare and copied as text;
        // the loop runs only for them, because enumerating formats every value, Content-Type included.
        var known = 0;
        if (headers.ContentType is { } contentType)
        {
            content.Headers.ContentType = contentType;
            known++;
        }

        known += headers.NonValidated.Contains("Content-Length") ? 1 : 0;
        if (headers.NonValidated.Count > known)
        {
            foreach (var header in headers.NonValidated)
            {
                if (!header.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) &&
                    !header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }
        }

        return content;
    }
}
