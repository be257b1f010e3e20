using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using ConflictClient.Versioning;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Conflicts;

/// <summary>
/// The fault suite's boundary classes (issue "Fail closed", classes 2 to 5): where the library could not tell, or could
/// not keep, what a write needs. Each ends applied exactly once, or typed, and never waits past its budget.
/// </summary>
public sealed class FaultSuiteBoundaryTests
{
    /// <summary>Class 2: every string is exact as a query version, the characters that join and escape parameters too.</summary>
    [Theory]
    [InlineData("7\u001f8", "1")]
    [InlineData("7&if_primary_term=9", "1=2")]
    [InlineData("%41%", "\u00e9 x+y")]
    public async Task QueryVersion_ValuesWithAnyCharacter_AreSentBackExactly(string seqNo, string primaryTerm)
    {
        var api = new QueryVersionedApi(seqNo, primaryTerm);
        await using var provider = TestClients.Create<IDocumentApi>(new Uri("http://search.test"), o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.Versions.Source = VersionSource.Query(("if_seq_no", "/_seq_no"), ("if_primary_term", "/_primary_term"));
        }, client: c => c.ConfigurePrimaryHttpMessageHandler(() => api));

        await provider.GetRequiredService<IDocumentApi>().PutWithQueryVersionAsync("a", new JsonObject { ["title"] = "mine" }, "stale", "1");

        Assert.Equal("mine", api.Document["title"]!.GetValue<string>());
        Assert.Equal([(HttpStatusCode.Conflict, "stale", "1"), (HttpStatusCode.OK, seqNo, primaryTerm)], api.Writes);
    }

    /// <summary>Class 3: a re-fetched body that readers would read differently ends the write typed, never with a raw exception.</summary>
    [Theory]
    [InlineData("""{"_rev":"\ud800","title":"theirs"}""")]
    [InlineData("""{"_rev":"2","_rev":"3","title":"theirs"}""")]
    [InlineData("""{"_rev":"2","title":"the\udfffirs"}""")]
    public async Task Refetch_HostileBodyWithBodyVersions_FailsInvalidRepresentationAndWritesNothingMore(string body)
    {
        using var server = new ScriptedServer()
            .On("PUT", "/docs/a", 409, """{"error":"conflict"}""")
            .On("GET", "/docs/a", 200, body);
        await using var provider = TestClients.Create<IDocumentApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.Versions.Source = VersionSource.JsonBody("/_rev");
        });

        var error = await Assert.ThrowsAsync<ConflictException>(() => provider.GetRequiredService<IDocumentApi>().PutAsync("a", new JsonObject { ["_rev"] = "1", ["title"] = "mine" }));

        Assert.Equal(ConflictFailureReason.InvalidRepresentation, error.Reason);
        Assert.Single(server.Server.LogEntries, e => e.RequestMessage!.Method == "PUT");
    }

    [Theory]
    [InlineData("""{"title":"theirs","title":"again","note":"n"}""")]
    [InlineData("""{"title":"\ud800","note":"n"}""")]
    public async Task ThreeWay_HostileRemoteBody_FailsInvalidRepresentationAndNeverWritesItBack(string body)
    {
        using var server = new ScriptedServer()
            .On("PUT", "/docs/a", 412, """{"title":"Precondition Failed"}""")
            .On("GET", "/docs/a", 200, body, headers: ("ETag", "\"2\""));
        await using var provider = TestClients.Create<IDocumentApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ThreeWay());

        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            provider.GetRequiredService<IDocumentApi>().PutConditionalAsync("a", new JsonObject { ["title"] = "t", ["note"] = "mine" }, "\"1\""));

        Assert.Equal(ConflictFailureReason.InvalidRepresentation, error.Reason);
        Assert.Single(server.Server.LogEntries, e => e.RequestMessage!.Method == "PUT");
    }

    /// <summary>Class 4: a wait that would cross MaxResolutionTime never starts, however long the server asks to wait.</summary>
    [Theory]
    [InlineData(1_000_000_000)]
    [InlineData(2)]
    public async Task RetryAfter_BeyondTheTimeBudget_FailsAtOnceWithoutWaiting(int retryAfterSeconds)
    {
        using var server = VersionedResourceServer.WithStaleTodo(new VersionedResourceSimulatorOptions { RetryAfterSeconds = retryAfterSeconds });
        var time = new ObservableTimeProvider();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.Retry.MaxResolutionTime = TimeSpan.FromSeconds(1);
        }, time);

        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\"").WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));

        Assert.Equal(ConflictFailureReason.AttemptsExhausted, error.Reason);
        Assert.Contains("Retry-After", error.Message, StringComparison.Ordinal);
        Assert.Empty(time.CreatedTimers);
        Assert.Equal("theirs", server.Current("/todos/1")["title"]!.GetValue<string>());
    }

    /// <summary>
    /// Class 5: three-way writes cycling over 10,000 resources of about 200 bytes, on the default base budget, each
    /// meeting a conflict: every write finds the base of the version it carries, so none fails for want of one.
    /// </summary>
    [Fact]
    public async Task ThreeWay_TenThousandResourcesOnDefaults_NoWriteLacksItsBase()
    {
        const int Resources = 10_000;
        var simulator = new VersionedResourceSimulator();
        for (var i = 0; i < Resources; i++)
        {
            simulator.Seed($"/docs/{i}", new JsonObject { ["title"] = "t", ["note"] = "n", ["text"] = new string('x', 150) });
        }

        await using var provider = TestClients.Create<IDocumentApi>(new Uri("http://docs.test"), o => o.MergeStrategy = MergeStrategy.ThreeWay(),
            client: c => c.ConfigurePrimaryHttpMessageHandler(simulator.CreateHandler));
        var api = provider.GetRequiredService<IDocumentApi>();
        var versions = new string[Resources];
        for (var i = 0; i < Resources; i++)
        {
            using var read = await api.GetWithResponseAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            versions[i] = read.Headers!.ETag!.ToString();
        }

        var failures = 0;
        for (var cycle = 0; cycle < 2; cycle++)
        {
            for (var i = 0; i < Resources; i++)
            {
                var id = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                simulator.WriteDirectly($"/docs/{id}", doc => doc["note"] = $"theirs {cycle}");
                var scope = new ConflictWriteResult();
                try
                {
                    await api.PutConditionalAsync(id, new JsonObject { ["title"] = $"mine {cycle}", ["note"] = cycle == 0 ? "n" : "theirs 0", ["text"] = new string('x', 150) }, versions[i], result: scope);
                    versions[i] = scope.EntityTag!;
                }
                catch (ConflictException)
                {
                    failures++;
                }
            }
        }

        Assert.Equal(0, failures);
        var last = simulator.Current("/docs/9999");
        Assert.Equal(("mine 1", "theirs 1"), (last["title"]!.GetValue<string>(), last["note"]!.GetValue<string>()));
    }

    /// <summary>An API versioned by two query parameters (as Elasticsearch is), whose values can hold any character.</summary>
    private sealed class QueryVersionedApi(string nextSeqNo, string nextPrimaryTerm) : HttpMessageHandler
    {
        private (string SeqNo, string PrimaryTerm) _version = ("old", "1");

        public JsonObject Document { get; private set; } = new() { ["title"] = "theirs" };

        public List<(HttpStatusCode Status, string? SeqNo, string? PrimaryTerm)> Writes { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query);
            if (request.Method == HttpMethod.Get)
            {
                _version = (nextSeqNo, nextPrimaryTerm);
                var current = (JsonObject)Document.DeepClone();
                (current["_seq_no"], current["_primary_term"]) = (_version.SeqNo, _version.PrimaryTerm);
                return Json(HttpStatusCode.OK, current.ToJsonString());
            }

            var status = (query["if_seq_no"], query["if_primary_term"]) == _version ? HttpStatusCode.OK : HttpStatusCode.Conflict;
            Writes.Add((status, query["if_seq_no"], query["if_primary_term"]));
            if (status == HttpStatusCode.OK)
            {
                Document = (JsonObject)JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
            }

            return Json(status, status == HttpStatusCode.OK ? Document.ToJsonString() : """{"error":{"type":"version_conflict_engine_exception"}}""");
        }

        private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
            new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }
}
