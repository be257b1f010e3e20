using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Conflicts;

/// <summary>
/// <see cref="ConflictRequestOptions.SentBefore"/>: a write an earlier process may have sent is handled as one whose
/// first send may have been applied — sent again only where the answer proves the outcome, never merged and resent.
/// </summary>
public sealed class SentBeforeTests
{
    [Fact]
    public async Task SendAsync_SentBeforeAndMeets412_EndsOutcomeUnknownWithoutMergingOrResending()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        using var provider = Client(server);

        var failure = await Assert.ThrowsAsync<ConflictException>(() => SendAsync(provider, Put(server, "\"v1\"", sentBefore: true)));

        Assert.Equal(ConflictFailureReason.OutcomeUnknown, failure.Reason);
        Assert.Contains("\"theirs\"", failure.RemoteContent, StringComparison.Ordinal);
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 412", "GET /todos/1 -> 200"], server.Log.Lines());
    }

    [Fact]
    public async Task SendAsync_NotSentBeforeAndMeets412_MergesAndResendsAsAlways()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        using var provider = Client(server);

        using var response = await SendAsync(provider, Put(server, "\"v1\"", sentBefore: false));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 412", "GET /todos/1 -> 200", "PUT /todos/1 If-Match:\"v2\" -> 200"], server.Log.Lines());
    }

    [Fact]
    public async Task SendAsync_SentBeforeAndItsPreconditionHolds_IsAppliedOnce()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        using var provider = Client(server);

        using var response = await SendAsync(provider, Put(server, "\"v2\"", sentBefore: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["PUT /todos/1 If-Match:\"v2\" -> 200"], server.Log.Lines());
    }

    [Fact]
    public async Task SendAsync_SentBeforeWithIdempotencyKey_IsResolvedAsAlways()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        using var provider = Client(server);
        var request = Put(server, "\"v1\"", sentBefore: true);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", "key-1");

        using var response = await SendAsync(provider, request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, server.Log.Count);
    }

    [Fact]
    public async Task SendAsync_SentBeforeWithoutKeyOrPrecondition_IsNotSentAtAll()
    {
        using var server = new VersionedResourceServer(new ConflictClient.Testing.VersionedResourceSimulatorOptions { RequirePrecondition = false });
        server.Seed("/todos/1", new JsonObject { ["title"] = "original" });
        using var provider = Client(server);

        var failure = await Assert.ThrowsAsync<ConflictException>(() => SendAsync(provider, Put(server, ifMatch: null, sentBefore: true)));

        Assert.Equal(ConflictFailureReason.OutcomeUnknown, failure.Reason);
        Assert.Contains("was not sent again", failure.Message, StringComparison.Ordinal);
        Assert.Empty(server.Log);
    }

    [Fact]
    public async Task SendAsync_SentBeforeDeleteMeets404_EndsOutcomeUnknownNotNotFound()
    {
        using var server = new VersionedResourceServer(new ConflictClient.Testing.VersionedResourceSimulatorOptions { RequirePrecondition = false });
        using var provider = Client(server);
        var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(server.BaseUri, "/todos/1"));
        request.Headers.TryAddWithoutValidation("If-Match", "\"v1\"");
        request.Options.Set(ConflictRequestOptions.SentBefore, true);

        var failure = await Assert.ThrowsAsync<ConflictException>(() => SendAsync(provider, request));

        Assert.Equal(ConflictFailureReason.OutcomeUnknown, failure.Reason);
    }

    private static ServiceProvider Client(VersionedResourceServer server)
    {
        var services = new ServiceCollection();
        services.AddHttpClient("w", c => c.BaseAddress = server.BaseUri).AddConflictResolution(o => (o.MergeStrategy, o.Randomizer) = (MergeStrategy.ClientWins, () => 0.5));
        return services.BuildServiceProvider();
    }

    private static async Task<HttpResponseMessage> SendAsync(ServiceProvider provider, HttpRequestMessage request)
    {
        using (request)
        {
            return await provider.GetRequiredService<IHttpClientFactory>().CreateClient("w").SendAsync(request, TestContext.Current.CancellationToken);
        }
    }

    private static HttpRequestMessage Put(VersionedResourceServer server, string? ifMatch, bool sentBefore)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, new Uri(server.BaseUri, "/todos/1")) { Content = new StringContent("""{"title":"mine"}""", Encoding.UTF8, "application/json") };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        request.Options.Set(ConflictRequestOptions.SentBefore, sentBefore);
        return request;
    }
}
