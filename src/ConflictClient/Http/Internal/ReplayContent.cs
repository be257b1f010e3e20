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
internal sealed class ReplayContent(byte[] body, ReplayContent? parent = null) : HttpContent
{
    private int _sends;
    private int _handled;

    /// <summary>
    /// Gets how often the message was sent: its body serialized onto the wire, or, where the innermost
    /// <see cref="SendCounter"/> runs, passed to the transport (an inner handler that buffered the body would hide
    /// serializations). Redirect hops count towards the message they came from.
    /// </summary>
    public int Sends => Math.Max(Volatile.Read(ref _sends), Volatile.Read(ref _handled));

    /// <summary>Gets how often the body was serialized: zero means no byte of it went out.</summary>
    public int Serialized => Volatile.Read(ref _sends);

    /// <summary>Records that the innermost handler passed the message on to the transport.</summary>
    public void MarkHandled()
    {
        Interlocked.Increment(ref _handled);
        parent?.MarkHandled();
    }

    /// <summary>
    /// Counts one earlier send that left before this process had the message (an outbox resending after a restart):
    /// its body went out and it was handed on, so whether it was applied is not known.
    /// </summary>
    public void MarkSentBefore()
    {
        Interlocked.Increment(ref _sends);
        Interlocked.Increment(ref _handled);
    }

    /// <summary>Gets the captured bytes.</summary>
    public byte[] Body => body;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        CountSerialized();
        return stream.WriteAsync(body, 0, body.Length);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        CountSerialized();
        return stream.WriteAsync(body, cancellationToken).AsTask();
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        CountSerialized();
        stream.Write(body);
    }

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new MemoryStream(body, writable: false));

    protected override bool TryComputeLength(out long length)
    {
        length = body.Length;
        return true;
    }

    private void CountSerialized()
    {
        Interlocked.Increment(ref _sends);
        parent?.CountSerialized();
    }
}
