using System.Text.Json;
using System.Text.Json.Nodes;
using ConflictClient.Http;
using ConflictClient.Versioning;

namespace ConflictClient.Merging;

/// <summary>Remembers the JSON representations a client reads and writes, per URI and version, as three-way merge bases.</summary>
internal sealed class BaseMemory(RepresentationCache cache, int maxBodySize)
{
    public RepresentationCache Cache => cache;

    /// <summary>
    /// Keeps a JSON response as a future base. At most the body limit is read ahead: the caller still reads the whole
    /// body, and a body above the limit (or one without a version) is not kept.
    /// </summary>
    public async ValueTask RememberAsync(Uri uri, VersionSource versionSource, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await TryRememberAsync(uri, versionSource, response, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Best effort: remembering a base never changes the outcome of the write or read it follows.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
        }
    }

    private async ValueTask TryRememberAsync(Uri uri, VersionSource versionSource, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // JSON served as text/plain (CouchDB's protocol servers do) is remembered too, when it is JSON.
        var mediaType = response.Content?.Headers.ContentType?.MediaType;
        if (response.Content is not { } content || !(JsonMediaType.Is(mediaType) || mediaType == "text/plain") ||
            content.Headers.ContentLength > maxBodySize)
        {
            return;
        }

        var body = await BoundedContent.PeekAsync(response, maxBodySize, cancellationToken).ConfigureAwait(false);
        if (body is not { Length: > 0 } || body.AsSpan().TrimStart(" \t\r\n"u8) is not [(byte)'{' or (byte)'[', ..])
        {
            return;
        }

        var representation = new Representation(response.StatusCode, body, response.Content.Headers.ContentType, Representation.ReadEntityTag(response));
        if (versionSource.TryReadRemote(representation, () => TryParse(body), out var version))
        {
            cache.Remember(uri, version, body);
        }
    }

    /// <summary>The remembered representation of <paramref name="uri"/> at the version a write carried, if any.</summary>
    public byte[]? Find(Uri uri, VersionToken version) => cache.Find(uri, version);

    private static JsonNode? TryParse(byte[] utf8)
    {
        try
        {
            // Strictly: a body that different readers would read differently is no base.
            return UntrustedJson.ParseNode(utf8);
        }
        catch (Exception e) when (UntrustedJson.IsReadFailure(e))
        {
            return null;
        }
    }
}
