using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Conflicts;

/// <summary>A re-applied change whose caller is the only one writing its resource through the client (group commit on).</summary>
public sealed class GroupCommitAloneTests
{
    private const string Body = """{ "items": [ "a", "mine" ] }""";

    [Fact]
    public async Task SendAsync_OnlyCallerAndTheAnswerIsTheResource_SendsItsOwnMessageAndGetsTheServersAnswer()
    {
        var server = new SequenceHandler()
            .On("PUT", "/docs/1", 200, """{ "items": ["a", "mine"] }""", ("ETag", "\"v2\""), ("X-Request-Id", "r-1"));
        await using var provider = server.Client(o => o.MergeStrategy = MergeStrategy.Fail);
        using var request = Write(out var reapply);

        using var response = await provider.GetRequiredService<IHttpClientFactory>().CreateClient("api").SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(["PUT /docs/1 If-Match:\"v1\" -> 200"], server.Lines);
        Assert.Equal([Body], server.Bodies); // the caller's bytes, not a state serialized again
        Assert.Equal("r-1", response.Headers.GetValues("X-Request-Id").Single()); // the server's own answer
        Assert.Equal("""{ "items": ["a", "mine"] }""", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal((ConflictOutcome.Written, 1, "\"v2\""), (reapply.Result.Outcome, reapply.Result.Attempts, reapply.Result.EntityTag));
    }

    [Theory]
    [InlineData(204, null)]
    [InlineData(201, """{"ok":true,"id":"1","rev":"2-b"}""")]
    public async Task SendAsync_OnlyCallerAndTheAnswerIsNotTheResource_GetsTheStateItMadeWithTheETag(int status, string? answer)
    {
        var server = new SequenceHandler().On("PUT", "/docs/1", status, answer, ("ETag", "\"v2\""));
        await using var provider = server.Client(o => o.MergeStrategy = MergeStrategy.Fail);
        using var request = Write(out _);

        using var response = await provider.GetRequiredService<IHttpClientFactory>().CreateClient("api").SendAsync(request, TestContext.Current.CancellationToken);

        // As a group's caller: the state right after its change, never {ok,id,rev} or nothing taken for the resource.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"v2\"", response.Headers.ETag!.ToString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Body), JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))));
        Assert.Single(server.Lines);
    }

    [Fact]
    public async Task SendAsync_OnlyCallerMeetsAConflict_ReadsAtItsBackoffAppliesItsChangeAgainAndGetsTheStateAfterIt()
    {
        var server = new SequenceHandler()
            .On("PUT", "/docs/1", 412)
            .On("PUT", "/docs/1", 204, null, ("ETag", "\"v3\""))
            .On("GET", "/docs/1", 200, """{"items":["a","theirs"]}""", ("ETag", "\"v2\""));
        await using var provider = server.Client(o => (o.MergeStrategy, o.Retry.BaseDelay) = (MergeStrategy.Fail, TimeSpan.Zero));
        using var request = Write(out var reapply);

        using var response = await provider.GetRequiredService<IHttpClientFactory>().CreateClient("api").SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(["PUT /docs/1 If-Match:\"v1\" -> 412", "GET /docs/1 -> 200", "PUT /docs/1 If-Match:\"v2\" -> 204"], server.Lines);
        var state = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal(["a", "theirs", "mine"], state["items"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal((ConflictOutcome.WrittenAfterConflict, "\"v3\""), (reapply.Result.Outcome, response.Headers.ETag!.ToString()));
    }

    private static HttpRequestMessage Write(out ReapplyRequest reapply)
    {
        var state = new JsonObject { ["items"] = new JsonArray("a") };
        reapply = ReapplyRequest.For(state, "\"v1\"", doc =>
        {
            var next = (JsonObject)doc.DeepClone();
            next["items"]!.AsArray().Add("mine");
            return next;
        });
        var request = new HttpRequestMessage(HttpMethod.Put, "/docs/1") { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", "\"v1\"");
        reapply.Set(request);
        return request;
    }
}
