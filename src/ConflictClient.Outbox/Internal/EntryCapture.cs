using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;

namespace ConflictClient.Outbox.Internal;

/// <summary>A write as an entry to keep: what it sends, without credentials, and the base it was made from.</summary>
internal static class EntryCapture
{
    private static readonly string[] CredentialWords = ["auth", "cookie", "token", "secret", "password", "passwd", "session", "signature", "credential", "api-key", "apikey", "x-api", "security"];

    public static async ValueTask<OutboxEntry> CaptureAsync(HttpRequestMessage request, Uri? baseAddress, ConflictOutboxOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var method = request.Method;
        if (method != HttpMethod.Put && method != HttpMethod.Patch && method != HttpMethod.Delete && method != HttpMethod.Post)
        {
            throw new ArgumentException($"Only writes can be queued (PUT, PATCH, DELETE, POST); this request is a {method.Method}. Send reads directly.", nameof(request));
        }

        var uri = TargetOf(request.RequestUri, baseAddress);
        if (request.Options.TryGetValue(ConflictRequestOptions.DuplicatePolicy, out _))
        {
            throw new ArgumentException(
                "A per-request DuplicatePolicy (ConflictRequestOptions.DuplicatePolicy) is not kept with a queued write; the client's would apply instead. Set it on the client (Creates.DuplicatePolicy), or send this write directly.",
                nameof(request));
        }

        if (request.Options.TryGetValue(ConflictRequestOptions.Reapply, out _))
        {
            throw new ArgumentException(
                "A re-applied change (ConflictRequestOptions.Reapply) is a function and cannot be kept across restarts. Queue the changed body instead, with the base it was made from (ConflictRequestOptions.Base).",
                nameof(request));
        }

        var headers = new List<KeyValuePair<string, string>>();
        string? key = null;
        foreach (var (name, values) in request.Headers.NonValidated)
        {
            var value = string.Join(", ", values);
            if (name.Equals("Idempotency-Key", StringComparison.OrdinalIgnoreCase))
            {
                key = value;
            }

            if (!IsCredential(name))
            {
                headers.Add(KeyValuePair.Create(name, value));
            }
        }

        if (request.Options.TryGetValue(ConflictRequestOptions.CreateOnly, out var createOnly) && createOnly && !request.Headers.NonValidated.Contains("If-None-Match"))
        {
            headers.Add(KeyValuePair.Create("If-None-Match", "*"));
        }

        if (key is null && options.GenerateIdempotencyKeys)
        {
            key = Guid.NewGuid().ToString();
            headers.Add(KeyValuePair.Create("Idempotency-Key", key));
        }

        ReadOnlyMemory<byte>? body = null;
        if (request.Content is { } content)
        {
            foreach (var (name, values) in content.Headers.NonValidated)
            {
                if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !IsCredential(name))
                {
                    headers.Add(KeyValuePair.Create(name, string.Join(", ", values)));
                }
            }

            body = await ReadBoundedAsync(content, options.MaxEntrySize, cancellationToken).ConfigureAwait(false);
        }

        return new OutboxEntry
        {
            Resource = ResourceOf(uri),
            Method = method.Method,
            RequestUri = uri,
            Headers = headers,
            Body = body,
            Base = BaseOf(request, options),
            IdempotencyKey = key,
            State = OutboxEntryState.Queued,
            EnqueuedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>Whether a header carries credentials by its name: never kept, since the client's handlers add them when the write is sent.</summary>
    /// <remarks>Any name ending in "key" counts (X-Api-Key, Ocp-Apim-Subscription-Key, X-Functions-Key), except Idempotency-Key.</remarks>
    public static bool IsCredential(string name) =>
        !name.Equals("Idempotency-Key", StringComparison.OrdinalIgnoreCase) &&
        (name.EndsWith("key", StringComparison.OrdinalIgnoreCase) || CredentialWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Whether <paramref name="target"/> has <paramref name="home"/>'s scheme, host and port: where the client's credentials may go.</summary>
    public static bool IsSameOrigin(Uri target, Uri home) =>
        string.Equals(target.Scheme, home.Scheme, StringComparison.OrdinalIgnoreCase) && string.Equals(target.IdnHost, home.IdnHost, StringComparison.OrdinalIgnoreCase) && target.Port == home.Port;

    /// <summary>The resource whose writes go in order: the target without query or fragment (a POST's is its collection).</summary>
    public static string ResourceOf(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    private static Uri TargetOf(Uri? requestUri, Uri? baseAddress)
    {
        var uri = requestUri switch
        {
            { IsAbsoluteUri: true } absolute => absolute,
            { } relative when baseAddress is not null => new Uri(baseAddress, relative),
            null when baseAddress is not null => baseAddress,
            _ => throw new ArgumentException("The write has no absolute URI, and the sending client has no BaseAddress to resolve it against.", "request"),
        };

        if (uri.UserInfo.Length > 0)
        {
            throw new ArgumentException("The write's URI carries user-info (credentials), which the outbox does not store. Put credentials in a handler of the client.", "request");
        }

        if (baseAddress is not null && !IsSameOrigin(uri, baseAddress))
        {
            throw new ArgumentException(
                "The write goes to another origin (scheme, host, port) than the sending client's BaseAddress. The outbox sends through that client, whose handlers add its credentials: queue it in the outbox of a client for that origin.",
                "request");
        }

        foreach (var parameter in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = Uri.UnescapeDataString(parameter.Split('=')[0]);
            if (IsCredential(name) || name.Equals("sig", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException(
                    "The write's query string carries a parameter that looks like a credential (a token, key, signature or secret), which the outbox does not store. Pass credentials in a handler of the client.",
                    "request");
            }
        }

        return uri;
    }

    private static async ValueTask<ReadOnlyMemory<byte>> ReadBoundedAsync(HttpContent content, int maxSize, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxSize)
                {
                    throw new ArgumentException($"The write's body is larger than ConflictOutboxOptions.MaxEntrySize ({maxSize} bytes); it was not queued.", "request");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    private static ReadOnlyMemory<byte>? BaseOf(HttpRequestMessage request, ConflictOutboxOptions options)
    {
        if (!request.Options.TryGetValue(ConflictRequestOptions.Base, out var value) || value is null)
        {
            return null;
        }

        byte[] bytes = value switch
        {
            JsonNode node => Encoding.UTF8.GetBytes(node.ToJsonString()),
            JsonElement element => Encoding.UTF8.GetBytes(element.GetRawText()),
            string text => Encoding.UTF8.GetBytes(text),
            byte[] utf8 => utf8,
            ReadOnlyMemory<byte> memory => memory.ToArray(),
            _ when options.SerializerOptions is { } serializer => JsonSerializer.SerializeToUtf8Bytes(value, serializer.GetTypeInfo(value.GetType())),
            _ => throw new ArgumentException(
                $"The write's base is a {value.GetType().Name}, and ConflictOutboxOptions.SerializerOptions is not set to write it. Give the base as JSON (a JsonNode, JsonElement, JSON text or UTF-8 bytes), or set SerializerOptions.",
                nameof(request)),
        };

        if (bytes.Length > options.MaxEntrySize)
        {
            throw new ArgumentException($"The write's base is larger than ConflictOutboxOptions.MaxEntrySize ({options.MaxEntrySize} bytes); it was not queued.", nameof(request));
        }

        try
        {
            using var parsed = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The write's base is not valid JSON ({e.Message}); it was not queued.", nameof(request), e);
        }

        return bytes;
    }
}
