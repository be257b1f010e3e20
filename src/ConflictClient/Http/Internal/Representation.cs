using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace ConflictClient.Http;

/// <summary>A resource's state as the server returned it: the body bytes with their media type and entity tag.</summary>
internal sealed class Representation
{
    public Representation(HttpStatusCode statusCode, byte[] body, MediaTypeHeaderValue? contentType, string? entityTag)
    {
        StatusCode = statusCode;
        Body = body;
        ContentType = contentType;
        EntityTag = entityTag;
    }

    public HttpStatusCode StatusCode { get; }

    public byte[] Body { get; }

    public MediaTypeHeaderValue? ContentType { get; }

    public string? MediaType => ContentType?.MediaType;

    /// <summary>Gets the <c>ETag</c> header verbatim (weak and unquoted tags included), or null.</summary>
    public string? EntityTag { get; }

    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>Reads a response's body (bounded) and headers; returns null when the body exceeds the limit.</summary>
    public static async ValueTask<Representation?> ReadAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        var body = await BoundedContent.ReadAsync(response.Content, maxBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return null;
        }

        return new Representation(response.StatusCode, body, response.Content?.Headers.ContentType, ReadEntityTag(response));
    }

    /// <summary>A fresh 200 OK response carrying this representation, answering <paramref name="request"/>.</summary>
    public HttpResponseMessage ToResponse(HttpRequestMessage request)
    {
        var content = new ByteArrayContent(Body);
        if (ContentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(ContentType.MediaType ?? "application/octet-stream") { CharSet = ContentType.CharSet };
        }

        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
        if (EntityTag is not null)
        {
            response.Headers.TryAddWithoutValidation("ETag", EntityTag);
        }

        return response;
    }

    /// <summary>
    /// Content holding <paramref name="body"/>, already read from <paramref name="original"/>, with the original's
    /// headers: a response whose body was read can still be handed to the caller as it was sent. The original is disposed.
    /// </summary>
    public static HttpContent Buffered(HttpContent original, byte[] body)
    {
        var copy = new ByteArrayContent(body);
        foreach (var header in original.Headers.NonValidated)
        {
            if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                copy.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string>)header.Value);
            }
        }

        original.Dispose();
        return copy;
    }

    // NonValidated keeps the header exactly as sent: the typed ETag parser rejects unquoted tags.
    public static string? ReadEntityTag(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues("ETag", out var values) && values.Count > 0 ? values.ToString().Trim() : null;
}
