using System.Buffers;

namespace ConflictClient.Http;

/// <summary>
/// A write-only stream that collects bytes in pooled buffers and refuses to hold more than a limit: content is
/// serialized straight into it, with no intermediate copy.
/// </summary>
/// <remarks>
/// <see cref="Rent"/> hands out a stream kept per thread, so capturing a body allocates nothing but its bytes; a stream
/// rented while another is out (a serializer that captures inside a capture) is simply a new one.
/// </remarks>
internal sealed class BoundedBufferStream : Stream
{
    [ThreadStatic]
    private static BoundedBufferStream? t_cached;

    private byte[] _buffer = [];
    private int _length;
    private int _maxBytes;

    private BoundedBufferStream()
    {
    }

    /// <summary>Gets an empty stream that holds at most <paramref name="maxBytes"/>; give it back with <see cref="Return"/>.</summary>
    public static BoundedBufferStream Rent(int maxBytes)
    {
        var stream = t_cached ?? new BoundedBufferStream();
        t_cached = null;
        stream._maxBytes = maxBytes;
        stream._buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(maxBytes + 1L, 4096));
        return stream;
    }

    /// <summary>Releases the stream's buffer and keeps the stream for the next <see cref="Rent"/> on this thread.</summary>
    public static void Return(BoundedBufferStream stream)
    {
        stream.ReleaseBuffer();
        stream.Exceeded = false;
        t_cached = stream;
    }

    /// <summary>Gets whether a write went over the limit; the writer was stopped by an exception then.</summary>
    public bool Exceeded { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    /// <summary>Copies what was written into an array of exactly its length.</summary>
    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_length + (long)buffer.Length > _maxBytes)
        {
            Exceeded = true;
            throw new InvalidOperationException($"The content is larger than {_maxBytes} bytes.");
        }

        if (_length + buffer.Length > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(_buffer.Length * 2L, _length + buffer.Length), _maxBytes));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        buffer.CopyTo(_buffer.AsSpan(_length));
        _length += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return default;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ReleaseBuffer();
        }

        base.Dispose(disposing);
    }

    private void ReleaseBuffer()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = [];
        _length = 0;
    }
}
