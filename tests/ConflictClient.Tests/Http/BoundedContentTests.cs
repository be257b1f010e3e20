using System.Net;
using ConflictClient.Http;

namespace ConflictClient.Tests.Http;

public sealed class BoundedContentTests
{
    [Fact]
    public async Task CaptureAsync_StreamedBodyLargerThanOneBuffer_CapturesEveryByteInOrder()
    {
        var bytes = Enumerable.Range(0, 10_000).Select(i => (byte)(i % 251)).ToArray();

        var captured = await BoundedContent.CaptureAsync(new StreamedContent(bytes, chunk: 700), maxBytes: 10_000, CancellationToken.None);

        Assert.Equal(bytes, captured);
    }

    [Fact]
    public async Task CaptureAsync_LimitOfIntMaxValue_CapturesWithoutOverflow()
    {
        var captured = await BoundedContent.CaptureAsync(new StreamedContent([1, 2, 3], chunk: 2), maxBytes: int.MaxValue, CancellationToken.None);

        Assert.Equal([1, 2, 3], captured);
    }

    [Fact]
    public async Task CaptureAsync_StreamedBodyOneByteOverTheLimit_ReturnsNull()
    {
        var captured = await BoundedContent.CaptureAsync(new StreamedContent(new byte[10_001], chunk: 700), maxBytes: 10_000, CancellationToken.None);

        Assert.Null(captured);
    }

    [Fact]
    public async Task CaptureAsync_DeclaredLengthOverTheLimit_ReturnsNullWithoutSerializing()
    {
        var content = new StreamedContent(new byte[100], chunk: 10, declaredLength: 100);

        var captured = await BoundedContent.CaptureAsync(content, maxBytes: 99, CancellationToken.None);

        Assert.Null(captured);
        Assert.Equal(0, content.Serializations);
    }

    [Fact]
    public async Task CaptureAsync_SerializerWrapsTheRefusal_ReturnsNull()
    {
        var captured = await BoundedContent.CaptureAsync(new StreamedContent(new byte[200], chunk: 50, wrapErrors: true), maxBytes: 100, CancellationToken.None);

        Assert.Null(captured);
    }

    /// <summary>Content that writes its bytes in chunks, as a JSON serializer streams into the request.</summary>
    private sealed class StreamedContent(byte[] bytes, int chunk, long? declaredLength = null, bool wrapErrors = false) : HttpContent
    {
        public int Serializations { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            Serializations++;
            try
            {
                for (var offset = 0; offset < bytes.Length; offset += chunk)
                {
                    await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(chunk, bytes.Length - offset)));
                }
            }
            catch (InvalidOperationException e) when (wrapErrors)
            {
                throw new IOException("the serializer failed", e);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = declaredLength ?? 0;
            return declaredLength is not null;
        }
    }
}
