using System.Text.Json.Nodes;
using ConflictClient.Testing;
using WireMock.Logging;
using WireMock.Server;

namespace ConflictClient.Tests.Support;

/// <summary>
/// The Testing package's <see cref="VersionedResourceSimulator"/> served over real HTTP by WireMock.Net, with the
/// server's request log: the suite tests the library against the simulator its users test with.
/// </summary>
public sealed class VersionedResourceServer : IDisposable
{
    public VersionedResourceServer(VersionedResourceSimulatorOptions? options = null)
    {
        Simulator = new VersionedResourceSimulator(options);
        Server = WireMockServer.Start().AddVersionedResources(Simulator);
    }

    public VersionedResourceSimulator Simulator { get; }

    public WireMockServer Server { get; }

    public VersionedResourceSimulatorOptions Options => Simulator.Options;

    public Uri BaseUri => new(Server.Url!);

    public int AppliedWrites => Simulator.AppliedWrites;

    public int RejectedWrites => Simulator.RejectedWrites;

    /// <summary>Gets every request the server received, in order.</summary>
    public IReadOnlyList<ILogEntry> Log => [.. Server.LogEntries.OrderBy(e => e.RequestMessage!.DateTime)];

    /// <summary>
    /// A server holding <c>/todos/1</c> that another writer has changed since the client read it: the server is at
    /// version 2 (title "theirs"), so a write carrying version 1 meets a conflict.
    /// </summary>
    public static VersionedResourceServer WithStaleTodo(VersionedResourceSimulatorOptions? options = null)
    {
        var server = new VersionedResourceServer(options);
        server.Seed("/todos/1", new JsonObject { ["title"] = "original" });
        server.WriteDirectly("/todos/1", doc => doc["title"] = "theirs");
        return server;
    }

    public void Seed(string path, JsonObject body) => Simulator.Seed(path, body);

    public void RejectNextWrites(int count) => Simulator.RejectNextWrites(count);

    public void ReportInFlight(int count) => Simulator.ReportInFlight(count);

    public IReadOnlyList<JsonObject> InCollection(string collection) => Simulator.InCollection(collection);

    public void WriteDirectly(string path, Action<JsonObject> change) => Simulator.WriteDirectly(path, change);

    public long VersionOf(string path) => Simulator.VersionOf(path);

    public JsonObject Current(string path) => Simulator.Current(path);

    public string ETagFor(long version) => Simulator.ETagFor(version);

    public void Dispose() => Server.Stop();
}
