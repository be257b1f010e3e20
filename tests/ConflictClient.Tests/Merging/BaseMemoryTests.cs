using System.Net;
using System.Net.Http.Headers;
using ConflictClient.Http;
using ConflictClient.Merging;
using ConflictClient.Versioning;

namespace ConflictClient.Tests.Merging;

public sealed class BaseMemoryTests
{
    private static readonly Uri Resource = new("http://api.test/docs/1");

    [Fact]
    public async Task RememberAsync_ChunkedBodyOverTheLimit_ReadsAheadOnlyTheLimitAndTheCallerStillGetsEveryByte()
    {
        var memory = new BaseMemory(new RepresentationCache(1 << 20), maxBodySize: 1024);
        var body = System.Text.Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('x', 100_000) + "\"}");
        var source = new CountingStream(body);
        using var response = Chunked(source);

        await memory.RememberAsync(Resource, VersionSource.ETag, response, TestContext.Current.CancellationToken);

        Assert.True(source.Consumed <= 1025 + 16 * 1024, $"read ahead {source.Consumed} bytes");
        Assert.Equal(0, memory.Cache.Count);
        Assert.Equal(body, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task RememberAsync_ChunkedBodyWithinTheLimit_IsRememberedAndStillReadable()
    {
        var memory = new BaseMemory(new RepresentationCache(1 << 20), maxBodySize: 1024);
        var body = "{\"title\":\"t\"}"u8.ToArray();
        using var response = Chunked(new CountingStream(body));

        await memory.RememberAsync(Resource, VersionSource.ETag, response, TestContext.Current.CancellationToken);

        Assert.Equal(body, memory.Find(Resource, VersionToken.FromEntityTag("\"v1\"")));
        Assert.Equal(body, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    private static HttpResponseMessage Chunked(Stream body)
    {
        var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        response.Headers.TryAddWithoutValidation("ETag", "\"v1\"");
        return response;
    }

    /// <summary>A non-seekable body (as a chunked response is) that counts how much was read from it.</summary>
    private sealed class CountingStream(byte[] bytes) : Stream
    {
        public int Consumed { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, bytes.Length - Consumed);
            Array.Copy(bytes, Consumed, buffer, offset, n);
            Consumed += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
