using System.Net;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Profiles;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace ConflictClient.Tests.Profiles;

/// <summary>
/// Against a real CouchDB-protocol server (PouchDB Server, from npm, in memory): JSON served as text/plain, writes
/// answered <c>{"ok":true,"id":…,"rev":…}</c>, <c>{"error":"conflict"}</c> for both a stale and a missing <c>_rev</c>, and
/// Express's own weak ETags. The only configuration is the profile.
/// </summary>
public sealed class CouchDbProfileTests(CouchDbServer couch) : IClassFixture<CouchDbServer>
{
    [Fact]
    public async Task Increments_SixteenIndependentClientsOnDefaults_NoneLostNoneFailed()
    {
        const int writers = 16, increments = 25;
        var database = await couch.CreateDatabaseAsync();
        await Seed(database, "counter", new JsonObject { ["count"] = 0 });
        var failures = await IndependentWriters.RunAsync<ICouchDocumentApi>(writers, increments, () => Client(database, o => o.MergeStrategy = MergeStrategy.Fail), (api, _, _) =>
            Reapply.UpdateAsync(api, a => a.GetAsync("counter"), (a, doc, _, reapply) => a.PutAsync("counter", doc, reapply: reapply), doc => Increment(doc)));

        Assert.Empty(failures);
        Assert.Equal(writers * increments, (await Read(database, "counter"))["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task PutToCreate_DocumentExistsUnderFail_ThrowsDuplicateAndChangesNothing()
    {
        var database = await couch.CreateDatabaseAsync();
        await Seed(database, "ada", new JsonObject { ["name"] = "first" });
        await using var provider = Client(database, o => o.MergeStrategy = MergeStrategy.ClientWins);

        var error = await Assert.ThrowsAsync<DuplicateResourceException>(() =>
            provider.GetRequiredService<ICouchDocumentApi>().PutAsync("ada", new JsonObject { ["name"] = "second" }));

        Assert.Equal("conflict", error.ErrorCode);
        Assert.Equal("first", (await Read(database, "ada"))["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task PutToCreate_DocumentExistsUnderAdoptExisting_ReturnsTheExistingDocument()
    {
        var database = await couch.CreateDatabaseAsync();
        await Seed(database, "ada", new JsonObject { ["name"] = "first" });
        await using var provider = Client(database, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.Creates.DuplicatePolicy = DuplicatePolicy.AdoptExisting;
        });

        var adopted = await provider.GetRequiredService<ICouchDocumentApi>().PutAsync("ada", new JsonObject { ["name"] = "second" });

        Assert.Equal("first", adopted["name"]!.GetValue<string>());
        Assert.Equal("first", (await Read(database, "ada"))["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task PutToCreate_BodyNamesItsIdUnderAdoptExisting_FindsTheDocumentAtThePutsOwnUri()
    {
        var database = await couch.CreateDatabaseAsync();
        await Seed(database, "ada", new JsonObject { ["name"] = "first" });
        await using var provider = Client(database, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.Creates.DuplicatePolicy = DuplicatePolicy.AdoptExisting;
        });

        // The profile's _id locator is for POSTs: a PUT's document is at the PUT's URI, not at /ada/ada.
        var adopted = await provider.GetRequiredService<ICouchDocumentApi>().PutAsync("ada", new JsonObject { ["_id"] = "ada", ["name"] = "second" });

        Assert.Equal("first", adopted["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task PutToCreate_DocumentExistsUnderMergeIntoExisting_WritesMyBodyWithItsRevision()
    {
        var database = await couch.CreateDatabaseAsync();
        await Seed(database, "ada", new JsonObject { ["name"] = "first", ["kept"] = true });
        await using var provider = Client(database, o =>
        {
            o.MergeStrategy = MergeStrategy.Custom(args =>
            {
                var merged = args.Remote!.AsObject();
                merged["name"] = args.Local!["name"]!.DeepClone();
                return ValueTask.FromResult(args.Merged(merged));
            });
            o.Creates.DuplicatePolicy = DuplicatePolicy.MergeIntoExisting;
        });

        await provider.GetRequiredService<ICouchDocumentApi>().PutAsync("ada", new JsonObject { ["name"] = "second" });

        var stored = await Read(database, "ada");
        Assert.Equal("second", stored["name"]!.GetValue<string>());
        Assert.True(stored["kept"]!.GetValue<bool>());
        Assert.StartsWith("2-", stored["_rev"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_StaleRevisionUnderClientWins_IsRetriedWithTheCurrentRevision()
    {
        var database = await couch.CreateDatabaseAsync();
        var first = await Seed(database, "doc", new JsonObject { ["title"] = "original" });
        await Write(database, "doc", new JsonObject { ["title"] = "theirs", ["_rev"] = first });
        await using var provider = Client(database, o => o.MergeStrategy = MergeStrategy.ClientWins);

        await provider.GetRequiredService<ICouchDocumentApi>().PutAsync("doc", new JsonObject { ["title"] = "mine", ["_rev"] = first });

        var stored = await Read(database, "doc");
        Assert.Equal("mine", stored["title"]!.GetValue<string>());
        Assert.StartsWith("3-", stored["_rev"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_StaleRevisionUnderClientWins_DeletesTheCurrentRevision()
    {
        var database = await couch.CreateDatabaseAsync();
        var first = await Seed(database, "doc", new JsonObject { ["title"] = "original" });
        await Write(database, "doc", new JsonObject { ["title"] = "theirs", ["_rev"] = first });
        await using var provider = Client(database, o => o.MergeStrategy = MergeStrategy.ClientWins);

        await provider.GetRequiredService<ICouchDocumentApi>().DeleteAsync("doc", first);

        using var http = new HttpClient();
        using var gone = await http.GetAsync(new Uri(database, "doc"), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Delete_StaleRevisionUnderFail_FailsTypedAndKeepsTheDocument()
    {
        var database = await couch.CreateDatabaseAsync();
        var first = await Seed(database, "doc", new JsonObject { ["title"] = "original" });
        await Write(database, "doc", new JsonObject { ["title"] = "theirs", ["_rev"] = first });
        await using var provider = Client(database, o => o.MergeStrategy = MergeStrategy.Fail);

        var error = await Assert.ThrowsAsync<ConflictException>(() => provider.GetRequiredService<ICouchDocumentApi>().DeleteAsync("doc", first));

        Assert.Equal(ConflictFailureReason.MergeGaveUp, error.Reason);
        Assert.Equal("theirs", (await Read(database, "doc"))["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostUpdate_StaleRevisionUnderClientWins_IsAVersionConflictResolvedThroughTheDocumentsId()
    {
        var database = await couch.CreateDatabaseAsync();
        var first = await Seed(database, "doc", new JsonObject { ["title"] = "original" });
        await Write(database, "doc", new JsonObject { ["title"] = "theirs", ["_rev"] = first });
        await using var provider = Client(database, o => o.MergeStrategy = MergeStrategy.ClientWins);

        // CouchDB updates by POST to the database, with _id and _rev in the body.
        await provider.GetRequiredService<ICouchDocumentApi>().PostAsync(new JsonObject { ["_id"] = "doc", ["_rev"] = first, ["title"] = "mine" });

        var stored = await Read(database, "doc");
        Assert.Equal("mine", stored["title"]!.GetValue<string>());
        Assert.StartsWith("3-", stored["_rev"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_RefusedByTheServersOwnValidationRule_IsSentOnceAndNotRetried()
    {
        var database = await couch.CreateDatabaseAsync();
        await Write(database, "_design/rules", new JsonObject
        {
            ["validate_doc_update"] = "function (newDoc) { if (newDoc.count < 0) { throw({ forbidden: 'count must not be negative' }); } }",
        });
        var first = await Seed(database, "counter", new JsonObject { ["count"] = 1 });
        var writes = 0;
        await using var provider = Client(database, o => o.MergeStrategy = MergeStrategy.ClientWins, counted: () => Interlocked.Increment(ref writes));

        // The server's business rule answers 403: no conflict to resolve, so it reaches the caller as it is, sent once.
        var error = await Assert.ThrowsAsync<Refit.ApiException>(() =>
            provider.GetRequiredService<ICouchDocumentApi>().PutAsync("counter", new JsonObject { ["count"] = -1, ["_rev"] = first }));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Contains("count must not be negative", error.Content, StringComparison.Ordinal);
        Assert.Equal(1, writes);
        Assert.Equal(1, (await Read(database, "counter"))["count"]!.GetValue<int>());
    }

    private static JsonObject? Increment(JsonObject doc)
    {
        var next = (JsonObject)doc.DeepClone();
        next["count"] = doc["count"]!.GetValue<int>() + 1;
        return next;
    }

    private static ServiceProvider Client(Uri database, Action<ConflictResolutionStrategyOptions> configure, Action? counted = null)
    {
        var services = new ServiceCollection();
        var client = services.AddRefitGeneratedClient<ICouchDocumentApi>(TestJson.Refit().UseConflictExceptions())
            .ConfigureHttpClient(c => c.BaseAddress = database)
            .AddConflictResolution(o =>
            {
                o.Use(ConflictProfiles.CouchDb);
                configure(o);
            });
        if (counted is not null)
        {
            client.AddHttpMessageHandler(() => new CountWrites(counted));
        }

        return services.BuildServiceProvider();
    }

    private sealed class CountWrites(Action counted) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method != HttpMethod.Get)
            {
                counted();
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    private static async Task<string> Seed(Uri database, string id, JsonObject body)
    {
        var written = await Write(database, id, body);
        return written;
    }

    private static async Task<string> Write(Uri database, string id, JsonObject body)
    {
        using var http = new HttpClient();
        using var response = await http.PutAsync(new Uri(database, id), new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["rev"]!.GetValue<string>();
    }

    private static async Task<JsonObject> Read(Uri database, string id)
    {
        using var http = new HttpClient();
        return (JsonObject)JsonNode.Parse(await http.GetStringAsync(new Uri(database, id)))!;
    }
}
