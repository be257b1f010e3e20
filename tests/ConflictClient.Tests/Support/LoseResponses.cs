namespace ConflictClient.Tests.Support;

/// <summary>
/// The innermost handler: forwards the first <paramref name="writes"/> writes, so the server applies them, then loses
/// their responses as a dropped connection would (HttpRequestException), for the transient retry above to resend.
/// </summary>
public sealed class LoseResponses(int writes) : DelegatingHandler
{
    private int _remaining = writes;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method != HttpMethod.Get && Interlocked.Decrement(ref _remaining) >= 0)
        {
            response.Dispose();
            throw new HttpRequestException("The response ended prematurely (simulated: the write was applied, its response lost).");
        }

        return response;
    }
}
