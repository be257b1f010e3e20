namespace ConflictClient.Http;

/// <summary>
/// The innermost handler of a client with conflict resolution: counts every time a guarded write is passed to the
/// transport, transient resends included, whatever the handlers above did with its body. It allocates nothing.
/// </summary>
internal sealed class SendCounter : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        (request.Content as ReplayContent)?.MarkHandled();
        return base.SendAsync(request, cancellationToken);
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        (request.Content as ReplayContent)?.MarkHandled();
        return base.Send(request, cancellationToken);
    }
}
