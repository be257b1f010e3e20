using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Http;

public sealed class RequestReplayTests
{
    [Fact]
    public async Task Replay_RefitStreamedBody_ResendsTheSameBytes()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ClientWins);

        await provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine", Tags = ["a", "b"] }, "\"v1\"");

        var puts = server.Log.Where(e => e.RequestMessage!.Method == "PUT").ToArray();
        Assert.Equal(2, puts.Length);
        Assert.Equal("""{"title":"mine","done":false,"tags":["a","b"]}""", puts[0].RequestMessage!.Body);
        Assert.Equal(puts[0].RequestMessage!.Body, puts[1].RequestMessage!.Body);
        Assert.StartsWith("application/json", puts[1].Header("Content-Type"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_BodyOverMaxBodySize_ThrowsBeforeSendingAnything()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.MaxBodySize = 64;
        });

        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = new string('x', 100) }, "\"v1\""));

        Assert.Equal(ConflictFailureReason.BodyTooLarge, error.Reason);
        Assert.Contains("was not sent", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxBodySize (64 bytes)", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Log);
    }

    [Fact]
    public async Task Replay_RemoteRepresentationOverMaxBodySize_ThrowsWithoutWriting()
    {
        using var server = new VersionedResourceServer();
        server.Seed("/todos/1", new JsonObject { ["title"] = "original" });
        server.WriteDirectly("/todos/1", doc => doc["title"] = new string('t', 500));
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.MaxBodySize = 200;
        });

        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\""));

        Assert.Equal(ConflictFailureReason.BodyTooLarge, error.Reason);
        Assert.Contains("current representation is larger than MaxBodySize", error.Message, StringComparison.Ordinal);
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 412", "GET /todos/1 -> 200"], server.Log.Lines());
    }

    [Fact]
    public async Task Replay_DiscardedResponses_AreDisposedAndTheReturnedOneIsNot()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        server.RejectNextWrites(0);
        var tracker = new ResponseTracker();
        var services = new ServiceCollection();
        services.AddHttpClient("raw")
            .ConfigureHttpClient(c => c.BaseAddress = server.BaseUri)
            .AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ClientWins)
            .AddHttpMessageHandler(() => tracker);
        await using var provider = services.BuildServiceProvider();
        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("raw");
        using var request = new HttpRequestMessage(HttpMethod.Put, "/todos/1")
        {
            Content = new StringContent("""{"title":"mine"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"v1\"");

        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            [(HttpStatusCode.PreconditionFailed, true), (HttpStatusCode.OK, true), (HttpStatusCode.OK, false)],
            tracker.Responses.Select(r => (r.Status, r.IsDisposed)));
        response.Dispose();
        Assert.All(tracker.Responses, r => Assert.True(r.IsDisposed));
    }
}
