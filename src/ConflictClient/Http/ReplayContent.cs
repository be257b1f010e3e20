using System.Net;

namespace ConflictClient.Http;

/// <summary>
/// A captured body that counts how often it was sent. More than once means a handler below (a transient retry) sent
/// the same message again, so a later 412 may answer our own, already applied, write.
/// </summary>
/// <remarks>
/// It derives from <see cref="HttpContent"/> itself: each serialize path writes the bytes and counts once. (Deriving
/// from ByteArrayContent counted twice, as its cancellable path falls back to the legacy one for derived types.)
/// </remarks>
internal sealed class ReplayContent(byte[] body) : HttpContent
{
    private int _sends;

    public int Sends => Volatile.Read(ref _sends);

    /// <summary>Gets the captured bytes.</summary>
    public byte[] Body => body;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        Interlocked.Increment(ref _sends);
        return stream.WriteAsync(body, 0, body.Length);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _sends);
        return stream.WriteAsync(body, cancellationToken).AsTask();
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _sends);
        stream.Write(body);
    }

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new MemoryStream(body, writable: false));

    protected override bool TryComputeLength(out long length)
    {
        length = body.Length;
        return true;
    }
}
