using System.Buffers;

namespace ConflictClient.Http;

/// <summary>Reads a body into memory without ever holding more than a configured number of bytes.</summary>
internal static class BoundedContent
{
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
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, 16 * 1024));
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
