using System.Text;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace ConflictClient.Testing;

/// <summary>Serves a <see cref="VersionedResourceSimulator"/> from a WireMock.Net server, over real HTTP.</summary>
public static class WireMockServerExtensions
{
    /// <summary>Answers every request to <paramref name="server"/> from <paramref name="simulator"/>.</summary>
    /// <param name="server">A started WireMock.Net server.</param>
    /// <param name="simulator">The resources to serve.</param>
    /// <returns>The same server.</returns>
    public static WireMockServer AddVersionedResources(this WireMockServer server, VersionedResourceSimulator simulator)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(simulator);

        // The simulator's own in-memory handler answers: this adapter only carries requests and answers across.
        var invoker = new HttpMessageInvoker(simulator.CreateHandler());
        server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(request => Answer(invoker, request)));
        return server;
    }

    private static ResponseMessage Answer(HttpMessageInvoker invoker, IRequestMessage request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(new Uri("http://simulator.test"), request.Path));
        if (request.Body is { } body)
        {
            message.Content = new StringContent(body, Encoding.UTF8);
            message.Content.Headers.ContentType = null;
        }

        foreach (var (name, values) in request.Headers ?? new Dictionary<string, WireMockList<string>>())
        {
            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values);
            }
        }

        HttpResponseMessage response;
        try
        {
            response = invoker.Send(message, CancellationToken.None);
        }
        catch (HttpRequestException)
        {
            // The simulator applied the write and lost its answer. WireMock.Net cannot cut a connection from a callback:
            // a gateway that timed out after the write was applied is the same loss, seen as 504.
            return Text(504, """{"title":"Gateway Timeout","status":504}""", "application/problem+json", []);
        }

        using (response)
        {
            var headers = response.Headers.Select(h => (h.Key, string.Join(", ", h.Value))).ToList();
            var content = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            var contentType = response.Content.Headers.ContentType?.MediaType;
            return Text((int)response.StatusCode, content.Length == 0 && contentType is null ? null : content, contentType, headers);
        }
    }

    private static ResponseMessage Text(int status, string? body, string? contentType, List<(string Name, string Value)> headers)
    {
        var message = new ResponseMessage
        {
            StatusCode = status,
            Headers = new Dictionary<string, WireMockList<string>>(StringComparer.OrdinalIgnoreCase),
        };
        foreach (var (name, value) in headers)
        {
            message.Headers[name] = new WireMockList<string>(value);
        }

        if (body is not null)
        {
            message.Headers["Content-Type"] = new WireMockList<string>(contentType ?? "application/json");
            message.BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 };
        }

        return message;
    }
}
