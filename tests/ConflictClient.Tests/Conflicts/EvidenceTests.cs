using System.Net;
using System.Net.Http.Json;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using ConflictClient.Testing;
using ConflictClient.Versioning;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Conflicts;

/// <summary>
/// Deciding by evidence (issue "Right about APIs it has never seen"): where the words cannot settle a versioned write's
/// refusal, the current version is read and compared with the one the write carried; 400 and 422 to a versioned or
/// keyed write go through the same table; a lost race is run again from a fresh read, a busy server is waited out.
/// </summary>
public sealed class EvidenceTests
{
    private const string Current = """{"title":"theirs","done":false}""";

    [Fact]
    public async Task Put_412ToItsPreconditionInWordsOutsideTheLists_VersionMovedSoResolved()
    {
        var server = new SequenceHandler()
            .On("PUT", "/todos/1", 412, """{"message":"The resource changed on the server since you last fetched it."}""")
            .On("GET", "/todos/1", 200, Current, ("ETag", "\"v2\""))
            .On("PUT", "/todos/1", 200, """{"title":"mine"}""", ("ETag", "\"v3\""));
        await using var provider = server.Client(o => o.MergeStrategy = MergeStrategy.ClientWins);

        using var response = await Put(provider, "/todos/1", "\"v1\"");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 412", "GET /todos/1 -> 200", "PUT /todos/1 If-Match:\"v2\" -> 200"], server.Lines);
    }

    [Fact]
    public async Task Put_WeakETagThatNeverMatches_EndsVersionUnchangedInsteadOfSpendingEveryAttempt()
    {
        // Apache's default: weak ETags, compared strongly (RFC 9110), so If-Match never holds.
        var simulator = new VersionedResourceSimulator(new VersionedResourceSimulatorOptions { ETagStyle = ETagStyle.Weak, StrongComparison = true });
        simulator.Seed("/todos/1", new System.Text.Json.Nodes.JsonObject { ["title"] = "original" });
        var services = new ServiceCollection();
        services.AddHttpClient("api").ConfigureHttpClient(c => c.BaseAddress = SequenceHandler.BaseUri)
            .ConfigurePrimaryHttpMessageHandler(simulator.CreateHandler)
            .AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ClientWins);
        await using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<ConflictException>(() => Put(provider, "/todos/1", "W/\"v1\""));

        Assert.Equal(ConflictFailureReason.VersionUnchanged, error.Reason);
        Assert.Equal(1, error.Attempts);
        Assert.Contains("weak ETag", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, simulator.AppliedWrites);
    }

    [Fact]
    public async Task Put_409InUnknownWordsVersionUnchanged_FailsAsTheServersRefusalAfterOneRead()
    {
        var server = new SequenceHandler()
            .On("PUT", "/todos/1", 409, """{"message":"Tickets in a closed sprint cannot be edited"}""")
            .On("GET", "/todos/1", 200, Current, ("ETag", "\"v1\""));
        await using var provider = server.Client(o => o.MergeStrategy = MergeStrategy.ClientWins);

        var error = await Assert.ThrowsAsync<ConflictException>(() => Put(provider, "/todos/1", "\"v1\""));

        Assert.Equal(ConflictFailureReason.BusinessRule, error.Reason);
        Assert.Contains("still the one the write carried", error.Message, StringComparison.Ordinal);
        Assert.Contains("closed sprint", error.Message, StringComparison.Ordinal);
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 409", "GET /todos/1 -> 200"], server.Lines);
    }

    [Fact]
    public async Task Put_400CheckAndSetMismatchToAVersionedWrite_IsResolved()
    {
        var server = new SequenceHandler()
            .On("PUT", "/todos/1", 400, """{"errors":[{"code":"VERSION_MISMATCH","detail":"Object version does not match latest database version."}]}""")
            .On("GET", "/todos/1", 200, Current, ("ETag", "\"v2\""))
            .On("PUT", "/todos/1", 200, """{"title":"mine"}""");
        await using var provider = server.Client(o => o.MergeStrategy = MergeStrategy.ClientWins);

        using var response = await Put(provider, "/todos/1", "\"v1\"");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("PUT /todos/1 If-Match:\"v2\" -> 200", server.Lines[^1]);
    }

    [Fact]
    public async Task Put_400ValidationErrorToAVersionedWrite_ReachesTheCallerUntouchedAfterOneRead()
    {
        const string Invalid = """{"errors":{"title":["is too long (maximum is 80 characters)"]}}""";
        var server = new SequenceHandler()
            .On("PUT", "/todos/1", 400, Invalid, ("X-Request-Id", "r-1"))
            .On("GET", "/todos/1", 200, Current, ("ETag", "\"v1\""));
        await using var provider = server.Client(o => o.MergeStrategy = MergeStrategy.ClientWins);

        using var response = await Put(provider, "/todos/1", "\"v1\"");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Invalid, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("r-1", response.Headers.GetValues("X-Request-Id").Single());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 400", "GET /todos/1 -> 200"], server.Lines);
        Assert.Null(response.GetConflictWriteResult());
    }

    [Fact]
    public async Task Put_400ToAWriteWithoutAVersion_IsNeverHandled()
    {
        var server = new SequenceHandler().On("PUT", "/todos/1", 400, """{"message":"Version mismatch: already exists"}""");
        await using var provider = server.Client(o => o.MergeStrategy = MergeStrategy.ClientWins);

        using var response = await Put(provider, "/todos/1", ifMatch: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["PUT /todos/1 -> 400"], server.Lines);
    }

    [Fact]
    public async Task Post_422KeyReusedWithAnotherPayload_FailsTypedOnce()
    {
        var server = new SequenceHandler().On("POST", "/payments", 422, """{"error":{"code":"idempotency_key_in_use","message":"Keys can only be used with the same parameters they were first used with."}}""");
        await using var provider = server.Client(o => o.MergeStrategy = MergeStrategy.ClientWins);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/payments") { Content = JsonContent.Create(new { amount = 5 }) };
        post.Headers.Add("Idempotency-Key", "k-1");

        var error = await Assert.ThrowsAsync<ConflictException>(() => Client(provider).SendAsync(post, TestContext.Current.CancellationToken));

        Assert.Equal(ConflictFailureReason.IdempotencyKeyReused, error.Reason);
        Assert.Single(server.Lines);
    }

    [Fact]
    public async Task Put_LostARaceWithoutAVersion_IsRunAgainFromAFreshReadAndStaysUnconditional()
    {
        var server = new SequenceHandler()
            .On("PUT", "/boards/1", 409, """{"error":{"code":409,"message":"Transaction was aborted due to contention. Please retry.","status":"ABORTED"}}""")
            .On("GET", "/boards/1", 200, """{"title":"theirs","cards":["a","b"]}""", ("ETag", "\"v7\""))
            .On("PUT", "/boards/1", 200, "{}");
        await using var provider = server.Client(o => o.MergeStrategy = MergeStrategy.Custom(args =>
            ValueTask.FromResult(args.Merged(new System.Text.Json.Nodes.JsonObject { ["title"] = args.Local!["title"]!.DeepClone(), ["cards"] = args.Remote!["cards"]!.DeepClone() }))));
        var result = new ConflictWriteResult();
        using var put = new HttpRequestMessage(HttpMethod.Put, "/boards/1") { Content = JsonContent.Create(new { title = "mine", cards = new[] { "a" } }) };
        put.Options.Set(ConflictRequestOptions.Result, result);

        using var response = await Client(provider).SendAsync(put, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["PUT /boards/1 -> 409", "GET /boards/1 -> 200", "PUT /boards/1 -> 200"], server.Lines);
        Assert.Equal("""{"title":"mine","cards":["a","b"]}""", server.Bodies[^1]);
        Assert.Equal(ConflictOutcome.WrittenAfterConflict, result.Outcome);
    }

    [Fact]
    public async Task Put_ServerBusyWithAnEarlierOperation_WaitsAndSendsTheSameRequestWithoutReading()
    {
        var server = new SequenceHandler()
            .On("PUT", "/stacks/1", 409, """{"message":"An update is in progress for this stack."}""")
            .On("PUT", "/stacks/1", 200, "{}");
        await using var provider = server.Client(o => o.MergeStrategy = MergeStrategy.ClientWins);

        using var response = await Put(provider, "/stacks/1", ifMatch: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["PUT /stacks/1 -> 409", "PUT /stacks/1 -> 200"], server.Lines);
    }

    [Fact]
    public async Task Post_LostARaceWithNothingToRead_IsSentAgainAsItWas()
    {
        var server = new SequenceHandler()
            .On("POST", "/commit", 409, """{"error":{"message":"Too much contention on these entities.","status":"ABORTED"}}""")
            .On("POST", "/commit", 200, "{}");
        await using var provider = server.Client(o => o.MergeStrategy = MergeStrategy.ClientWins);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/commit") { Content = JsonContent.Create(new { mutations = new[] { 1 } }) };

        using var response = await Client(provider).SendAsync(post, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["POST /commit -> 409", "POST /commit -> 200"], server.Lines);
        Assert.Equal(server.Bodies[0], server.Bodies[1]);
    }

    [Fact]
    public async Task Put_LostRaceOnAVersionedWriteVersionUnchanged_SendsTheSameWriteAgain()
    {
        var server = new SequenceHandler()
            .On("PUT", "/todos/1", 409, """{"message":"Write conflict with a concurrent transaction; try again"}""")
            .On("GET", "/todos/1", 200, Current, ("ETag", "\"v1\""))
            .On("PUT", "/todos/1", 200, "{}");
        await using var provider = server.Client(o => o.MergeStrategy = MergeStrategy.ClientWins);

        using var response = await Put(provider, "/todos/1", "\"v1\"");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 409", "GET /todos/1 -> 200", "PUT /todos/1 If-Match:\"v1\" -> 200"], server.Lines);
    }

    private static HttpClient Client(ServiceProvider provider) => provider.GetRequiredService<IHttpClientFactory>().CreateClient("api");

    private static async Task<HttpResponseMessage> Put(ServiceProvider provider, string path, string? ifMatch)
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(new { title = "mine", done = true }) };
        if (ifMatch is not null)
        {
            put.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await Client(provider).SendAsync(put, TestContext.Current.CancellationToken);
    }
}
