namespace ConflictClient.Tests.Support;

/// <summary>
/// A real CouchDB-protocol server (PouchDB's express-pouchdb from the npm registry, in memory) on loopback, started for
/// the tests that use it and stopped after them.
/// </summary>
public sealed class CouchDbServer : IAsyncLifetime
{
    private NodeServerProcess? _server;

    public Uri BaseUri { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        (_server, var ready) = await NodeServerProcess.StartAsync("couchdb", "server.js 0", "listening on ");
        BaseUri = new Uri(ready["listening on ".Length..]);
    }

    /// <summary>Creates a database of its own for a test, and returns its URI (ending in '/').</summary>
    public async Task<Uri> CreateDatabaseAsync()
    {
        using var http = new HttpClient();
        var database = new Uri(BaseUri, $"db-{Guid.NewGuid():N}/");
        using var created = await http.PutAsync(database, null);
        created.EnsureSuccessStatusCode();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
