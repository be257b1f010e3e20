using System.Net;
using System.Text;

namespace ConflictClient.Testing;

/// <summary>Serves a <see cref="VersionedResourceSimulator"/> in memory, as a client's primary handler.</summary>
internal sealed class SimulatorHttpMessageHandler(VersionedResourceSimulator simulator) : HttpMessageHandler
{
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var path = request.RequestUri?.AbsolutePath ?? "/";
        string? Header(string name) =>
            request.Headers.NonValidated.TryGetValues(name, out var values) ? values.ToString()
            : request.Content?.Headers.NonValidated.TryGetValues(name, out var contentValues) == true ? contentValues.ToString()
            : null;

        var answer = simulator.Handle(new SimulatedRequest(request.Method.Method, path, Header, body));
        if (answer.LoseAnswer)
        {
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The simulator applied the write and lost its answer.");
        }

        var response = new HttpResponseMessage((HttpStatusCode)answer.Status) { RequestMessage = request };
        if (answer.Body is not null)
        {
            response.Content = new StringContent(answer.Body, Encoding.UTF8);
            response.Content.Headers.ContentType = new(answer.ContentType ?? "application/json") { CharSet = "utf-8" };
        }

        foreach (var (name, value) in answer.Headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}
