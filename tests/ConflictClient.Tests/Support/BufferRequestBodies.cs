namespace ConflictClient.Tests.Support;

/// <summary>Reads each request's body as text before sending it, as a logging handler does: the content is buffered from then on.</summary>
public sealed class BufferRequestBodies : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content)
        {
            _ = await content.ReadAsStringAsync(cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
