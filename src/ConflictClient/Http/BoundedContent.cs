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
}
