using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Outbox;
using ConflictClient.Profiles;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Outbox;

/// <summary>
/// The outbox against a real CouchDB-protocol server (PouchDB Server from the npm registry), whose versions are the
/// documents' own <c>_rev</c> and whose refusals are its own 409s: a server this project did not write.
/// </summary>
public sealed class OutboxCouchDbTests(CouchDbServer couch) : IClassFixture<CouchDbServer>
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Fact]
    public async Task DrainAsync_EditedOfflineWhileAnotherWriterChangedTheDocument_MergedIntoOneNewRevision()
    {
        var database = await couch.CreateDatabaseAsync();
        using var direct = new HttpClient { BaseAddress = database };
        var read = await PutAsync(direct, "doc-1", new JsonObject { ["title"] = "Pump", ["tags"] = new JsonArray("site") });
        await using var app = new App(database);
        app.Down = true;

        var mine = (JsonObject)read.DeepClone();
        mine["title"] = "Pump station 3";
        await app.Outbox.EnqueueAsync(Put("doc-1", mine, read), Timeout);
        Assert.True((await app.Outbox.DrainAsync(Timeout)).Offline);
        var theirs = (JsonObject)read.DeepClone();
        theirs["tags"]!.AsArray().Add("urgent");
        await PutAsync(direct, "doc-1", theirs);
        app.Down = false;
        var result = await app.Outbox.DrainAsync(Timeout);

        Assert.Equal(1, result.Applied);
        var current = await direct.GetFromJsonAsync<JsonObject>("doc-1", Timeout);
        Assert.Equal("Pump station 3", current!["title"]!.GetValue<string>());
        Assert.Equal(["site", "urgent"], current["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.StartsWith("3-", current["_rev"]!.GetValue<string>(), StringComparison.Ordinal); // created, theirs, mine: one revision each
    }

    [Fact]
    public async Task DrainAsync_AppliedButTheAnswerLostThenRestart_TheResendMeetsCouchDbs409AndEndsUnknownNotTwice()
    {
        var database = await couch.CreateDatabaseAsync();
        using var direct = new HttpClient { BaseAddress = database };
        var read = await PutAsync(direct, "doc-1", new JsonObject { ["count"] = 1 });
        var mine = (JsonObject)read.DeepClone();
        mine["count"] = 2;
        var path = Path.Combine(Directory.CreateTempSubdirectory("conflict-outbox-").FullName, "outbox.db");
        await using (var app = new App(database, path) { LoseAnswers = true })
        {
            await app.Outbox.EnqueueAsync(Put("doc-1", mine, read), Timeout);
            Assert.True((await app.Outbox.DrainAsync(Timeout)).Offline); // applied by CouchDB; the answer never came back
        }

        await using var restarted = new App(database, path);
        var result = await restarted.Outbox.DrainAsync(Timeout);

        Assert.Equal(1, result.OutcomeUnknown);
        var current = await direct.GetFromJsonAsync<JsonObject>("doc-1", Timeout);
        Assert.StartsWith("2-", current!["_rev"]!.GetValue<string>(), StringComparison.Ordinal); // applied once, not twice
        var entry = Assert.Single((await restarted.Outbox.ReadOutcomesAsync(Timeout).Take(1).ToListAsync(Timeout)));
        Assert.Contains("\"count\":2", Encoding.UTF8.GetString(entry.Entry.Remote!.Value.Span), StringComparison.Ordinal);
    }

    private static HttpRequestMessage Put(string id, JsonObject mine, JsonObject read)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, id) { Content = new StringContent(mine.ToJsonString(), Encoding.UTF8, "application/json") };
        request.SetConflictBase(read.DeepClone());
        return request;
    }

    /// <summary>Writes a document directly and returns it as read back, with its <c>_id</c> and <c>_rev</c>.</summary>
    private static async Task<JsonObject> PutAsync(HttpClient direct, string id, JsonObject body)
    {
        using var put = await direct.PutAsJsonAsync(id, body, Timeout);
        put.EnsureSuccessStatusCode();
        return (await direct.GetFromJsonAsync<JsonObject>(id, Timeout))!;
    }

    /// <summary>An app with a CouchDB client (the CouchDb profile, three-way merge) and an outbox.</summary>
    private sealed class App : IAsyncDisposable
    {
        private readonly ServiceProvider _provider;

        public App(Uri database, string? path = null)
        {
            var services = new ServiceCollection();
            services.AddHttpClient("couch", c => c.BaseAddress = database)
                .AddConflictResolution(o =>
                {
                    o.Use(ConflictProfiles.CouchDb);
                    o.MergeStrategy = MergeStrategy.ThreeWay();
                })
                .AddHttpMessageHandler(() => new Faults(this))
                .AddConflictOutbox(o => o.DatabasePath = path ?? Path.Combine(Directory.CreateTempSubdirectory("conflict-outbox-").FullName, "outbox.db"));
            _provider = services.BuildServiceProvider();
        }

        public bool Down { get; set; }

        public bool LoseAnswers { get; set; }

        public ConflictOutbox Outbox => _provider.GetConflictOutbox("couch");

        public ValueTask DisposeAsync() => _provider.DisposeAsync();

        private sealed class Faults(App app) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (app.Down)
                {
                    throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (simulated outage)", new SocketException((int)SocketError.ConnectionRefused));
                }

                var response = await base.SendAsync(request, cancellationToken);
                if (app.LoseAnswers && request.Method != HttpMethod.Get)
                {
                    response.Dispose();
                    throw new HttpRequestException(HttpRequestError.ResponseEnded, "The connection was reset after the request was sent (simulated)");
                }

                return response;
            }
        }
    }
}
