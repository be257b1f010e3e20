using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Outbox;
using ConflictClient.Outbox.Sqlite;
using ConflictClient.Testing;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ConflictClient.Tests.Outbox;

/// <summary>Where a queued write could have been doubled, stalled, misrouted or misreported: each case pinned.</summary>
public sealed class OutboxReviewTests
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Fact]
    public async Task DrainAsync_ClientGeneratesKeysAndAWriteMayHaveLeft_ResendCarriesTheStoredKeyAndIsAppliedOnce()
    {
        var faults = new Queue<ServerFault>([ServerFault.ApplyThenAbort]);
        await using var harness = await OutboxHarness.StartAsync(
            conflicts: o => o.Creates.GenerateIdempotencyKeys = true,
            server: s => (s.EnforceIdempotencyKeys, s.Faults) = (true, () => faults.TryDequeue(out var f) ? f : ServerFault.None));
        var original = new JsonObject { ["title"] = "original" };
        harness.Server.Seed("/todos/1", original);
        var entry = await harness.Outbox.EnqueueAsync(harness.Put("/todos/1", new JsonObject { ["title"] = "mine" }, original, 1, "op-1"), Timeout);

        await harness.Outbox.DrainAsync(Timeout);
        await harness.RestartAsync();
        var after = await harness.Outbox.DrainAsync(Timeout);

        Assert.NotNull(entry.IdempotencyKey); // kept at enqueue, since the client generates keys
        Assert.Equal(1, after.Applied);
        Assert.Equal(1, harness.Server.AppliedCount("op-1"));
    }

    [Fact]
    public async Task SendAsync_SentBeforeOnAClientThatGeneratesKeys_GetsNoFreshKeyAndEndsUnknownAt412()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        var services = new ServiceCollection();
        services.AddHttpClient("w", c => c.BaseAddress = server.BaseUri)
            .AddConflictResolution(o => (o.MergeStrategy, o.Creates.GenerateIdempotencyKeys) = (MergeStrategy.ClientWins, true));
        await using var provider = services.BuildServiceProvider();
        using var request = new HttpRequestMessage(HttpMethod.Put, "/todos/1") { Content = new StringContent("""{"title":"mine"}""", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", "\"v1\"");
        request.Options.Set(ConflictRequestOptions.SentBefore, true);

        var failure = await Assert.ThrowsAsync<ConflictException>(() => provider.GetRequiredService<IHttpClientFactory>().CreateClient("w").SendAsync(request, Timeout));

        Assert.Equal(ConflictFailureReason.OutcomeUnknown, failure.Reason);
        Assert.False(request.Headers.Contains("Idempotency-Key"));
        Assert.Equal(0, server.AppliedWrites);
    }

    [Fact]
    public async Task SendAsync_SentBeforeToAContendedResourceWithTurns_IsNotMergedBeforeItsSend()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        var turns = new InMemoryConflictTurns();
        var services = new ServiceCollection();
        services.AddHttpClient("w", c => c.BaseAddress = server.BaseUri)
            .AddConflictResolution(o => (o.MergeStrategy, o.Turns, o.Randomizer) = (MergeStrategy.ClientWins, turns, () => 0.5));
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("w");
        using (var first = Put("\"v1\"", sentBefore: false))
        using (await client.SendAsync(first, Timeout))
        {
            // Met a conflict: the resource is contended now, and later writes take turns.
        }

        server.WriteDirectly("/todos/1", doc => doc["title"] = "theirs again");
        var before = server.Log.Count;
        using var resent = Put("\"v2\"", sentBefore: true);

        var failure = await Assert.ThrowsAsync<ConflictException>(() => client.SendAsync(resent, Timeout));

        Assert.Equal(ConflictFailureReason.OutcomeUnknown, failure.Reason);
        Assert.Equal(["PUT /todos/1 If-Match:\"v2\" -> 412", "GET /todos/1 -> 200"], server.Log.Lines().Skip(before));
    }

    [Fact]
    public async Task DrainAsync_ServerErrorOnOneWrite_TheRestGoesOnAndItEndsUnknownAfterMaxServerErrors()
    {
        await using var harness = await OutboxHarness.StartAsync(outbox: o => (o.MaxServerErrors, o.OfflineRetryDelay) = (2, TimeSpan.Zero));
        var original = new JsonObject { ["title"] = "original" };
        harness.Server.Seed("/todos/1", original);
        harness.Server.Seed("/todos/2", original.DeepClone().AsObject());
        harness.Server.Faults = () => ServerFault.None;
        var failing = await harness.Outbox.EnqueueAsync(harness.Put("/todos/1", new JsonObject { ["title"] = "mine" }, original, 1, "op-1"), Timeout);
        await harness.Outbox.EnqueueAsync(harness.Put("/todos/2", new JsonObject { ["title"] = "mine" }, original, 1, "op-2"), Timeout);
        harness.Server.BeforeAnswer = null;
        harness.FailPath = "/todos/1";

        var first = await harness.Outbox.DrainAsync(Timeout);
        var second = await harness.Outbox.DrainAsync(Timeout);

        Assert.Equal((1, 1, false), (first.Applied, first.Deferred, first.Offline));
        Assert.Equal(1, second.OutcomeUnknown);
        var ended = (await harness.Outbox.GetEntryAsync(failing.Id, Timeout))!;
        Assert.Equal((OutboxOutcomeKind.OutcomeUnknown, 2), (ended.Outcome, ended.ServerErrors));
        Assert.Equal((0, 1), (harness.Server.AppliedCount("op-1"), harness.Server.AppliedCount("op-2")));
    }

    [Fact]
    public async Task DrainAsync_TheStrategyThrowsUntyped_TheWriteEndsUnknownInsteadOfStallingTheQueue()
    {
        await using var harness = await OutboxHarness.StartAsync(conflicts: o => o.ForRequest = _ => throw new NotSupportedException("a bug in ForRequest"));
        var original = new JsonObject { ["title"] = "original" };
        harness.Server.Seed("/todos/1", original);
        var entry = await harness.Outbox.EnqueueAsync(harness.Put("/todos/1", new JsonObject { ["title"] = "mine" }, original, 1, "op-1"), Timeout);

        var result = await harness.Outbox.DrainAsync(Timeout);

        Assert.Equal(1, result.OutcomeUnknown);
        Assert.Contains("NotSupportedException", (await harness.Outbox.GetEntryAsync(entry.Id, Timeout))!.Message, StringComparison.Ordinal);
        Assert.Equal(0, await harness.Outbox.GetWaitingCountAsync(Timeout));
    }

    [Fact]
    public async Task ResolveAsync_TwoResolutionsOfOneParkedWrite_TheSecondIsRefused()
    {
        await using var harness = await OutboxHarness.StartAsync();
        var original = new JsonObject { ["title"] = "original" };
        harness.Server.Seed("/todos/1", original);
        var entry = await harness.Outbox.EnqueueAsync(harness.Put("/todos/1", new JsonObject { ["title"] = "mine" }, original, 1, "op-1"), Timeout);
        harness.Server.WriteDirectly("/todos/1", doc => doc["title"] = "theirs");
        await harness.Outbox.DrainAsync(Timeout);
        using var client = new HttpClient { BaseAddress = harness.Server.BaseUri };
        await using var other = new ConflictOutbox(client, new SqliteOutboxStore(harness.DatabasePath), new ConflictOutboxOptions());
        var parked = (await other.GetEntryAsync(entry.Id, Timeout))!;

        await harness.Outbox.ResolveAsync(entry.Id, OutboxResolution.Discard(), Timeout);
        var store = new SqliteOutboxStore(harness.DatabasePath);
        await using (store)
        {
            Assert.False(await store.TryUpdateAsync(parked with { State = OutboxEntryState.Queued }, parked, Timeout));
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => other.ResolveAsync(entry.Id, OutboxResolution.Resend(new JsonObject { ["title"] = "x" }), Timeout));
        Assert.Equal(OutboxOutcomeKind.NotApplied, (await harness.Outbox.GetEntryAsync(entry.Id, Timeout))!.Outcome);
    }

    [Theory]
    [InlineData("/todos/1?access_token=abc")]
    [InlineData("/todos/1?sig=abc")]
    [InlineData("/todos/1?key=abc")]
    [InlineData("/todos/1?api_key=abc")]
    public async Task EnqueueAsync_CredentialInTheQueryString_IsRefusedAndNothingStored(string path)
    {
        await using var harness = await OutboxHarness.StartAsync();
        var request = harness.Put("/todos/1", new JsonObject { ["title"] = "mine" }, null, 1);
        request.RequestUri = new Uri(harness.Server.BaseUri, path);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => harness.Outbox.EnqueueAsync(request, Timeout));

        Assert.Contains("query string", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await harness.Outbox.GetWaitingCountAsync(Timeout));
    }

    [Fact]
    public async Task EnqueueAsync_AnotherOrigin_IsRefused()
    {
        await using var harness = await OutboxHarness.StartAsync();
        var request = harness.Put("/todos/1", new JsonObject { ["title"] = "mine" }, null, 1);
        request.RequestUri = new Uri("https://elsewhere.example/todos/1");

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => harness.Outbox.EnqueueAsync(request, Timeout));

        Assert.Contains("another origin", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnqueueAsync_PerRequestDuplicatePolicy_IsRefusedRatherThanDropped()
    {
        await using var harness = await OutboxHarness.StartAsync();
        var request = harness.Put("/todos/1", new JsonObject { ["title"] = "mine" }, null, 1);
        request.Options.Set(ConflictRequestOptions.DuplicatePolicy, DuplicatePolicy.AdoptExisting);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => harness.Outbox.EnqueueAsync(request, Timeout));

        Assert.Contains("DuplicatePolicy", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrainAsync_WriteUnderACollectionQueuedAfterAPostToIt_WaitsForThePost()
    {
        await using var harness = await OutboxHarness.StartAsync(server: s => s.RequirePrecondition = false);
        harness.Server.Seed("/todos", new JsonObject());
        harness.Server.Seed("/todos/7", new JsonObject { ["title"] = "seven" });
        using var post = new HttpRequestMessage(HttpMethod.Post, "/todos") { Content = new StringContent("""{"title":"new"}""", System.Text.Encoding.UTF8, "application/json") };
        post.Headers.TryAddWithoutValidation("X-Operation-Id", "post");
        post.Headers.TryAddWithoutValidation("Idempotency-Key", "post-key");
        var created = await harness.Outbox.EnqueueAsync(post, Timeout);
        await harness.Outbox.EnqueueAsync(harness.Put("/todos/7", new JsonObject { ["title"] = "mine" }, null, 1, "child"), Timeout);
        await using var store = new SqliteOutboxStore(harness.DatabasePath);

        var next = await store.GetNextAsync(16, Timeout);

        Assert.Equal([created.Id], next.Select(e => e.Id)); // the child waits behind the POST
    }

    [Fact]
    public async Task DrainAsync_ServerErrorThenWokenAtOnce_TheWriteWaitsItsPause()
    {
        await using var harness = await OutboxHarness.StartAsync(outbox: o => o.OfflineRetryDelay = TimeSpan.FromHours(1));
        var original = new JsonObject { ["title"] = "original" };
        harness.Server.Seed("/todos/1", original);
        await harness.Outbox.EnqueueAsync(harness.Put("/todos/1", new JsonObject { ["title"] = "mine" }, original, 1, "op-1"), Timeout);
        harness.FailPath = "/todos/1";
        await harness.Outbox.DrainAsync(Timeout);
        harness.FailPath = null;

        var again = await harness.Outbox.DrainAsync(Timeout);

        Assert.Equal((0, 1), (again.Applied, again.Deferred));
        Assert.Equal(0, harness.Server.AppliedCount("op-1"));
    }

    [Theory]
    [InlineData("/todos", "/todos/7")]
    [InlineData("/todos/", "/todos/7")]
    public async Task GetNextAsync_WriteUnderACollectionWithOrWithoutTrailingSlash_WaitsForAnOlderPost(string collection, string child)
    {
        var folder = Directory.CreateTempSubdirectory("conflict-outbox-").FullName;
        await using var store = new SqliteOutboxStore(Path.Combine(folder, "o.db"));
        var post = await store.AddAsync(Entry("POST", "http://api" + collection), 10, Timeout);
        await store.AddAsync(Entry("PUT", "http://api" + child), 10, Timeout);
        var other = await store.AddAsync(Entry("PUT", "http://api/other/1"), 10, Timeout);

        var next = await store.GetNextAsync(16, Timeout);

        Assert.Equal([post.Id, other.Id], next.Select(e => e.Id));

        static OutboxEntry Entry(string method, string uri) => new() { Resource = uri, Method = method, RequestUri = new Uri(uri), State = OutboxEntryState.Queued };
    }

    [Fact]
    public async Task StartAsync_TwoClientsOutboxesInOneFile_FailsNamingBoth()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("conflict-outbox-").FullName, "shared.db");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddHttpClient("a").AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ClientWins).AddConflictOutbox(o => o.DatabasePath = path);
        builder.Services.AddHttpClient("b").AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ClientWins).AddConflictOutbox(o => o.DatabasePath = path);
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("'a' and 'b'", failure.Message, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Put(string ifMatch, bool sentBefore)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/todos/1") { Content = new StringContent("""{"title":"mine"}""", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        request.Options.Set(ConflictRequestOptions.SentBefore, sentBefore);
        return request;
    }
}
