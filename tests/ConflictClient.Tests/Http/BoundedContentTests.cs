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

    [Fact]
    public async Task CaptureAsync_AfterACaptureOverTheLimit_CapturesTheNextOneWhole()
    {
        Assert.Null(await BoundedContent.CaptureAsync(new StreamedContent(new byte[200], chunk: 50), maxBytes: 100, CancellationToken.None));

        var captured = await BoundedContent.CaptureAsync(new StreamedContent([7, 8, 9], chunk: 2), maxBytes: 100, CancellationToken.None);

        Assert.Equal([7, 8, 9], captured);
    }

    [Fact]
    public async Task CaptureAsync_NextCaptureHasASmallerLimit_EnforcesTheNewLimit()
    {
        Assert.Equal(new byte[50], await BoundedContent.CaptureAsync(new StreamedContent(new byte[50], chunk: 10), maxBytes: 1_000, CancellationToken.None));

        var captured = await BoundedContent.CaptureAsync(new StreamedContent(new byte[50], chunk: 10), maxBytes: 49, CancellationToken.None);

        Assert.Null(captured);
    }

    [Fact]
    public async Task CaptureAsync_SerializerCapturesAnotherContentMeanwhile_BothGetTheirOwnBytes()
    {
        // A capture first, so that this thread holds a stream to reuse (everything here completes synchronously).
        await BoundedContent.CaptureAsync(new StreamedContent([0], chunk: 1), maxBytes: 10, CancellationToken.None);
        byte[]? inner = null;
        var outer = new CallbackContent([1, 2, 3], async () =>
            inner = await BoundedContent.CaptureAsync(new StreamedContent([4, 5], chunk: 1), maxBytes: 10, CancellationToken.None));

        var captured = await BoundedContent.CaptureAsync(outer, maxBytes: 10, CancellationToken.None);

        Assert.Equal([1, 2, 3], captured);
        Assert.Equal([4, 5], inner);
    }

    /// <summary>Content that runs a callback halfway through writing its bytes.</summary>
    private sealed class CallbackContent(byte[] bytes, Func<Task> midway) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(bytes.AsMemory(0, 1));
            await midway();
            await stream.WriteAsync(bytes.AsMemory(1));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
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
