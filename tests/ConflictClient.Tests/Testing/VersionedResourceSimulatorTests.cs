using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ConflictClient.Tests.Support;

namespace ConflictClient.Tests.Testing;

/// <summary>The simulator behaves as a versioned API: what it answers over the wire, and what it ends with.</summary>
public sealed class VersionedResourceSimulatorTests
{
    [Fact]
    public async Task CreateHandler_StaleIfMatch_Answers412WithProblemAndKeepsState()
    {
        var simulator = new VersionedResourceSimulator();
        simulator.Seed("/todos/1", new JsonObject { ["title"] = "a" });
        simulator.WriteDirectly("/todos/1", t => t["title"] = "theirs");
        using var client = new HttpClient(simulator.CreateHandler()) { BaseAddress = new("http://api.test") };

        using var write = new HttpRequestMessage(HttpMethod.Put, "/todos/1") { Content = JsonContent.Create(new { title = "mine" }) };
        write.Headers.TryAddWithoutValidation("If-Match", simulator.ETagFor(1));
        using var answer = await client.SendAsync(write, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.PreconditionFailed, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType!.MediaType);
        Assert.Equal("theirs", simulator.Current("/todos/1")["title"]!.GetValue<string>());
        Assert.Equal((0, 1), (simulator.AppliedWrites, simulator.RejectedWrites));
    }

    [Fact]
    public async Task CreateHandler_CurrentVersion_AppliesBumpsVersionAndCountsTheOperation()
    {
        var simulator = new VersionedResourceSimulator();
        simulator.Seed("/todos/1", new JsonObject { ["title"] = "a" });
        using var client = new HttpClient(simulator.CreateHandler()) { BaseAddress = new("http://api.test") };

        using var write = new HttpRequestMessage(HttpMethod.Put, "/todos/1") { Content = JsonContent.Create(new { title = "b" }) };
        write.Headers.TryAddWithoutValidation("If-Match", simulator.ETagFor(1));
        write.Headers.Add("X-Operation-Id", "op-1");
        using var answer = await client.SendAsync(write, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(simulator.ETagFor(2), answer.Headers.ETag!.ToString());
        Assert.Equal(2, simulator.VersionOf("/todos/1"));
        Assert.Equal(1, simulator.AppliedCount("op-1"));
        Assert.Equal(["op-2"], simulator.LostOperations(["op-1", "op-2"]));
        Assert.Empty(simulator.DoubledOperations());
    }

    [Fact]
    public async Task CreateHandler_BodyVersionConflictCarryingState_Answers409WithCurrentAndRetryAfter()
    {
        var simulator = new VersionedResourceSimulator(new() { Placement = VersionPlacement.Body, BodyVersionPath = "/_rev", BodyVersionAsString = true, ConflictBodyCarriesCurrent = true, RetryAfterSeconds = 2 });
        simulator.Seed("/docs/1", new JsonObject { ["n"] = 1 });
        simulator.WriteDirectly("/docs/1", d => d["n"] = 2);
        using var client = new HttpClient(simulator.CreateHandler()) { BaseAddress = new("http://api.test") };

        using var answer = await client.PutAsJsonAsync("/docs/1", new JsonObject { ["n"] = 5, ["_rev"] = "1" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), answer.Headers.RetryAfter!.Delta);
        var body = JsonNode.Parse(await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal((2, "2"), (body["n"]!.GetValue<int>(), body["_rev"]!.GetValue<string>()));
    }

    [Fact]
    public async Task LoseNextAnswers_Write_IsAppliedButTheClientSeesTheConnectionEnd()
    {
        var simulator = new VersionedResourceSimulator();
        simulator.Seed("/todos/1", new JsonObject { ["title"] = "a" });
        simulator.LoseNextAnswers(1);
        using var client = new HttpClient(simulator.CreateHandler()) { BaseAddress = new("http://api.test") };

        using var write = new HttpRequestMessage(HttpMethod.Put, "/todos/1") { Content = JsonContent.Create(new { title = "b" }) };
        write.Headers.TryAddWithoutValidation("If-Match", simulator.ETagFor(1));
        write.Headers.Add("X-Operation-Id", "op-1");
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(write, TestContext.Current.CancellationToken));

        Assert.Equal(HttpRequestError.ResponseEnded, error.HttpRequestError);
        Assert.Equal("b", simulator.Current("/todos/1")["title"]!.GetValue<string>());
        Assert.Equal(1, simulator.AppliedCount("op-1"));
    }

    [Fact]
    public async Task AddVersionedResources_OverWireMock_ServesTheSameStateAndLosesAnswersAsGatewayTimeouts()
    {
        using var server = new VersionedResourceServer();
        server.Seed("/todos/1", new JsonObject { ["title"] = "a" });
        server.Simulator.LoseNextAnswers(1);
        using var client = new HttpClient { BaseAddress = server.BaseUri };

        using var write = new HttpRequestMessage(HttpMethod.Put, "/todos/1") { Content = JsonContent.Create(new { title = "b" }) };
        write.Headers.TryAddWithoutValidation("If-Match", server.ETagFor(1));
        using var lost = await client.SendAsync(write, TestContext.Current.CancellationToken);
        using var read = await client.GetAsync("/todos/1", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.GatewayTimeout, lost.StatusCode);
        Assert.Equal(server.ETagFor(2), read.Headers.ETag!.ToString());
        Assert.Equal("b", JsonNode.Parse(await read.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateHandler_MergePatch_ChangesOnlyWhatThePatchNames()
    {
        var simulator = new VersionedResourceSimulator();
        simulator.Seed("/todos/1", new JsonObject { ["title"] = "a", ["done"] = false, ["meta"] = new JsonObject { ["x"] = 1, ["y"] = 2 } });
        using var client = new HttpClient(simulator.CreateHandler()) { BaseAddress = new("http://api.test") };

        using var patch = new HttpRequestMessage(HttpMethod.Patch, "/todos/1") { Content = new StringContent("""{"done":true,"meta":{"y":null}}""", System.Text.Encoding.UTF8, "application/merge-patch+json") };
        patch.Headers.TryAddWithoutValidation("If-Match", "*");
        using var answer = await client.SendAsync(patch, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("""{"title":"a","done":true,"meta":{"x":1}}""", simulator.Current("/todos/1").ToJsonString());
    }

    [Fact]
    public async Task CreateHandler_DeleteWithBodyVersions_UsesIfMatch()
    {
        var simulator = new VersionedResourceSimulator(new() { Placement = VersionPlacement.Body });
        simulator.Seed("/docs/1", new JsonObject { ["n"] = 1 });
        using var client = new HttpClient(simulator.CreateHandler()) { BaseAddress = new("http://api.test") };

        using var stale = new HttpRequestMessage(HttpMethod.Delete, "/docs/1");
        stale.Headers.TryAddWithoutValidation("If-Match", simulator.ETagFor(7));
        using var refused = await client.SendAsync(stale, TestContext.Current.CancellationToken);
        using var current = new HttpRequestMessage(HttpMethod.Delete, "/docs/1");
        current.Headers.TryAddWithoutValidation("If-Match", simulator.ETagFor(1));
        using var deleted = await client.SendAsync(current, TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.NoContent), (refused.StatusCode, deleted.StatusCode));
        Assert.False(simulator.Contains("/docs/1"));
    }

    [Fact]
    public void Current_UnknownPath_SaysToSeedIt()
    {
        var simulator = new VersionedResourceSimulator();

        var error = Assert.Throws<KeyNotFoundException>(() => simulator.Current("/todos/9"));

        Assert.Contains("seed it first", error.Message, StringComparison.Ordinal);
    }
}
