namespace ConflictClient.Http;

/// <summary>
/// A write request captured once (headers, options and body bytes) so it can be sent again: each attempt gets a
/// fresh <see cref="HttpRequestMessage"/>, because a message cannot be sent twice.
/// </summary>
internal sealed class RequestSnapshot
{
    // Preconditions belong to the version being written, never to a re-fetch or a retry with another version.
    private static readonly HashSet<string> ConditionalHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since", "If-Range",
    };

    private readonly KeyValuePair<string, string[]>[] _headers;
    private readonly KeyValuePair<string, string[]>[] _contentHeaders;
    private readonly KeyValuePair<string, object?>[] _options;

    private RequestSnapshot(HttpRequestMessage request, byte[]? body)
    {
        Method = request.Method;
        RequestUri = request.RequestUri!;
        Version = request.Version;
        VersionPolicy = request.VersionPolicy;
        Body = body;
        _headers = [.. request.Headers.NonValidated.Select(h => KeyValuePair.Create(h.Key, h.Value.ToArray()))];
        _contentHeaders = request.Content is null
            ? []
            : [.. request.Content.Headers.NonValidated
                .Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                .Select(h => KeyValuePair.Create(h.Key, h.Value.ToArray()))];
        _options = [.. request.Options];
    }

    public HttpMethod Method { get; }

    public Uri RequestUri { get; }

    public Version Version { get; }

    public HttpVersionPolicy VersionPolicy { get; }

    /// <summary>Gets the captured body; null when the request had no content.</summary>
    public byte[]? Body { get; }

    /// <summary>Gets the request's <c>If-Match</c> header verbatim, or null.</summary>
    public string? IfMatch => Header("If-Match");

    /// <summary>Gets the request's <c>If-None-Match</c> header verbatim, or null.</summary>
    public string? IfNoneMatch => Header("If-None-Match");

    /// <summary>
    /// Captures the request and swaps its content for the captured bytes, so the first attempt sends exactly what
    /// later attempts will. Returns null when the body exceeds <paramref name="maxBodySize"/>; nothing is sent then.
    /// </summary>
    public static async ValueTask<RequestSnapshot?> CaptureAsync(HttpRequestMessage request, int maxBodySize, CancellationToken cancellationToken)
    {
        byte[]? body = null;
        if (request.Content is { } original)
        {
            body = await BoundedContent.ReadAsync(original, maxBodySize, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                return null;
            }
        }

        var snapshot = new RequestSnapshot(request, body);
        if (request.Content is { } content)
        {
            request.Content = snapshot.CreateContent(body!);
            content.Dispose();
        }

        return snapshot;
    }

    /// <summary>The write again, with another body and preconditions, and possibly another method and target.</summary>
    public HttpRequestMessage CreateWrite(byte[]? body, string? ifMatch, string? ifNoneMatch = null, HttpMethod? method = null, Uri? uri = null)
    {
        var request = CreateRequest(method ?? Method, uri ?? RequestUri);
        CopyHeaders(request, skipConditional: true);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        if (body is not null)
        {
            request.Content = CreateContent(body);
        }

        return request;
    }

    /// <summary>A GET for the current representation, carrying the write's headers minus preconditions and content headers.</summary>
    public HttpRequestMessage CreateRefetch(Uri uri)
    {
        var request = CreateRequest(HttpMethod.Get, uri);
        CopyHeaders(request, skipConditional: true);
        return request;
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri) { Version = Version, VersionPolicy = VersionPolicy };
        foreach (var option in _options)
        {
            request.Options.Set(new HttpRequestOptionsKey<object?>(option.Key), option.Value);
        }

        return request;
    }

    private void CopyHeaders(HttpRequestMessage request, bool skipConditional)
    {
        foreach (var header in _headers)
        {
            if (!skipConditional || !ConditionalHeaders.Contains(header.Key))
            {
                request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
    }

    /// <summary>Gets how often <paramref name="request"/>'s captured body was sent (0 when it has none).</summary>
    public static int SendsOf(HttpRequestMessage request) => (request.Content as ReplayContent)?.Sends ?? 0;

    private string? Header(string name) =>
        _headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } values
            ? string.Join(", ", values)
            : null;

    private ReplayContent CreateContent(byte[] body)
    {
        var content = new ReplayContent(body);
        foreach (var header in _contentHeaders)
        {
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return content;
    }
}
