using System.Net;

namespace ConflictClient.Benchmarks;

/// <summary>
/// Answers every request with 200, a small JSON item and a new ETag, after reading the request's body as a socket
/// would and yielding once, as a network round trip does.
/// </summary>
internal sealed class InMemoryItemHandler : HttpMessageHandler
{
    private static readonly byte[] ItemJson = """{"name":"a","count":1}"""u8.ToArray();
    private int _version;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content)
        {
            await content.CopyToAsync(Stream.Null, cancellationToken);
        }

        await Task.Yield();
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(ItemJson), RequestMessage = request };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        response.Headers.TryAddWithoutValidation("ETag", $"\"{Interlocked.Increment(ref _version)}\"");
        return response;
    }
}
