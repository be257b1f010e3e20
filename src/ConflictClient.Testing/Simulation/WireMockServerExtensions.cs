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
        server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(request => Answer(simulator, request)));
        return server;
    }

    private static ResponseMessage LostAnswer() => new()
    {
        StatusCode = 504,
        Headers = new Dictionary<string, WireMockList<string>>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = new("application/problem+json") },
        BodyData = new BodyData
        {
            BodyAsString = """{"title":"Gateway Timeout","status":504}""",
            DetectedBodyType = BodyType.String,
            Encoding = Encoding.UTF8,
        },
    };

    private static ResponseMessage Answer(VersionedResourceSimulator simulator, IRequestMessage request)
    {
        string? Header(string name) =>
            request.Headers?.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value is { Count: > 0 } values
                ? string.Join(", ", values)
                : null;

        var answer = simulator.Handle(new SimulatedRequest(request.Method, request.Path, Header, request.Body));
        var message = new ResponseMessage
        {
            StatusCode = answer.Status,
            Headers = new Dictionary<string, WireMockList<string>>(StringComparer.OrdinalIgnoreCase),
        };
        foreach (var (name, value) in answer.Headers)
        {
            message.Headers[name] = new WireMockList<string>(value);
        }

        if (answer.Body is not null)
        {
            message.Headers["Content-Type"] = new WireMockList<string>(answer.ContentType ?? "application/json");
            message.BodyData = new BodyData { BodyAsString = answer.Body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 };
        }

        if (answer.LoseAnswer)
        {
            // WireMock.Net cannot cut a connection from a callback: a gateway that timed out after the write was
            // applied is the same loss, seen as 504.
            return LostAnswer();
        }

        return message;
    }
}
