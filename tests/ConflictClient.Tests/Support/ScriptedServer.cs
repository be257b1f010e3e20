using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace ConflictClient.Tests.Support;

/// <summary>A WireMock server answering fixed responses per method and path, for servers that misbehave on purpose.</summary>
public sealed class ScriptedServer : IDisposable
{
    public ScriptedServer() => Server = WireMockServer.Start();

    public WireMockServer Server { get; }

    public Uri BaseUri => new(Server.Url!);

    public ScriptedServer On(string method, string path, int status, string? body = null, string contentType = "application/json", params (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(status);
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        if (body is not null)
        {
            response = response.WithHeader("Content-Type", contentType).WithBody(body);
        }

        Server.Given(Request.Create().WithPath(path).UsingMethod(method)).RespondWith(response);
        return this;
    }

    public void Dispose() => Server.Stop();
}
