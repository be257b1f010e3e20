using System.Net;
using System.Text;
using ConflictClient.Conflicts;
using ConflictClient.DependencyInjection;
using ConflictClient.Http;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using Polly;

namespace ConflictClient.Tests.DependencyInjection;

public sealed class ConflictResolutionHandlerTests
{
    [Fact]
    public async Task SendAsync_WriteFailsBeforeItsBodyWentOut_ThrowsSendFailedWithTheCause()
    {
        var failure = new HttpRequestException("connection refused");
        using var http = new HttpClient(Handler(new ThrowingHandler(failure))) { BaseAddress = new Uri("http://127.0.0.1:9/") };

        var error = await Assert.ThrowsAsync<ConflictException>(() => http.PutAsync("/todos/1", new StringContent("{}"), TestContext.Current.CancellationToken));

        Assert.Equal(ConflictFailureReason.SendFailed, error.Reason);
        Assert.Same(failure, error.InnerException);
        Assert.Contains("was not applied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ReadFails_RethrowsTheSameException()
    {
        var failure = new HttpRequestException("connection refused");
        using var http = new HttpClient(Handler(new ThrowingHandler(failure))) { BaseAddress = new Uri("http://127.0.0.1:9/") };

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/todos/1", TestContext.Current.CancellationToken));

        Assert.Same(failure, error);
    }

    [Fact]
    public async Task SendAsync_ConflictOnStringContent_RetryKeepsEveryContentHeader()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        using var http = new HttpClient(Handler(new SocketsHttpHandler())) { BaseAddress = server.BaseUri };
        using var request = new HttpRequestMessage(HttpMethod.Put, "/todos/1")
        {
            Content = new StringContent("""{"title":"mine"}""", Encoding.UTF8, "application/json"),
        };
        request.Content.Headers.ContentLanguage.Add("de-CH");
        request.Headers.TryAddWithoutValidation("If-Match", "\"v1\"");

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 412", "GET /todos/1 -> 200", "PUT /todos/1 If-Match:\"v2\" -> 200"], server.Log.Lines());
        var puts = server.Log.Where(e => e.RequestMessage!.Method == "PUT").ToArray();
        Assert.All(puts, put =>
        {
            Assert.Equal("application/json; charset=utf-8", put.Header("Content-Type"));
            Assert.Equal("de-CH", put.Header("Content-Language"));
            Assert.Equal("""{"title":"mine"}""", put.RequestMessage!.Body);
        });
    }

    [Fact]
    public void Send_SynchronousCallMeetsAConflict_GoesThroughTheStrategy()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        using var http = new HttpClient(Handler(new SocketsHttpHandler())) { BaseAddress = server.BaseUri };
        using var request = new HttpRequestMessage(HttpMethod.Put, "/todos/1") { Content = new StringContent("""{"title":"mine"}""", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", "\"v1\"");

        using var response = http.Send(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 412", "GET /todos/1 -> 200", "PUT /todos/1 If-Match:\"v2\" -> 200"], server.Log.Lines());
    }

    private static ConflictResolutionHandler Handler(HttpMessageHandler inner) =>
        new(new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddConflictResolution(new ConflictResolutionStrategyOptions { MergeStrategy = MergeStrategy.ClientWins })
            .Build())
        {
            InnerHandler = inner,
        };

    private sealed class ThrowingHandler(Exception failure) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(failure);
    }
}
