using System.Buffers;

namespace ConflictClient.Http;

/// <summary>Reads a body into memory without ever holding more than a configured number of bytes.</summary>
internal static class BoundedContent
{
    /// <summary>
    /// Serializes <paramref name="content"/> once, straight into a pooled buffer, and returns its bytes; or
    /// <see langword="null"/> as soon as they exceed <paramref name="maxBytes"/>. Works for content that can be read
    /// only once, such as Refit's unbuffered bodies.
    /// </summary>
    public static async ValueTask<byte[]?> CaptureAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is long declared && declared > maxBytes)
        {
            return null;
        }

        var sink = BoundedBufferStream.Rent(maxBytes);
        try
        {
            await content.CopyToAsync(sink, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (sink.Exceeded)
        {
            // The serializer may wrap the sink's refusal in its own exception; what matters is that the limit was hit.
            // The sink is not reused: a serializer that failed may still hold it.
            sink.Dispose();
            return null;
        }
        catch
        {
            sink.Dispose();
            throw;
        }

        var body = sink.ToArray();
        BoundedBufferStream.Return(sink);
        return body;
    }

    /// <summary>Reads the whole content, or returns <see langword="null"/> as soon as it exceeds <paramref name="maxBytes"/>.</summary>
    public static async ValueTask<byte[]?> ReadAsync(HttpContent? content, int maxBytes, CancellationToken cancellationToken)
    {
        if (content is null)
        {
            return [];
        }

        if (content.Headers.ContentLength is long declared && declared > maxBytes)
        {
            return null;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(maxBytes + 1L, 16 * 1024));
            try
            {
                using var collected = new MemoryStream();
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (collected.Length + read > maxBytes)
                    {
                        return null;
                    }

                    collected.Write(buffer, 0, read);
                }

                return collected.ToArray();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// Reads at most <paramref name="maxBytes"/> of a response's content and puts back content that gives the reader
    /// every byte: the body when it fit (else null), and never more than the limit held in memory, however long or
    /// endless the body is.
    /// </summary>
    public static async ValueTask<byte[]?> PeekAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        var content = response.Content;
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var limit = (int)Math.Min(maxBytes + 1L, Array.MaxLength);
        var buffer = new byte[(int)Math.Min(limit, Math.Max(content.Headers.ContentLength + 1 ?? 16 * 1024, 1))];
        var length = 0;
        try
        {
            int read;
            while (length < limit && (read = await stream.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, limit) - length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length == buffer.Length && length < limit)
                {
                    Array.Resize(ref buffer, (int)Math.Min(limit, buffer.Length * 2L));
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The body broke off: the reader gets what was read and then the same failure, as without this read-ahead.
            response.Content = CopyHeaders(content, new StreamContent(new PrefixedStream(buffer, length, stream)));
            return null;
        }

        if (length <= maxBytes)
        {
            var body = buffer.AsSpan(0, length).ToArray();
            response.Content = CopyHeaders(content, new ByteArrayContent(body));
            content.Dispose();
            return body;
        }

        // Over the limit: the reader gets what was read and the rest of the stream, which stays unread until then.
        response.Content = CopyHeaders(content, new StreamContent(new PrefixedStream(buffer, length, stream)));
        return null;
    }

    private static HttpContent CopyHeaders(HttpContent from, HttpContent to)
    {
        foreach (var header in from.Headers.NonValidated)
        {
            to.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return to;
    }
}
