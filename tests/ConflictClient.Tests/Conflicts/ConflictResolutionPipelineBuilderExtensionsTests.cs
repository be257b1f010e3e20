using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Refit;

namespace ConflictClient.Tests.Conflicts;

public sealed class ConflictResolutionPipelineBuilderExtensionsTests
{
    [Fact]
    public async Task AddConflictResolution_WithoutDependencyInjection_ResolvesConflictThroughResilienceHandler()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddConflictResolution(new ConflictResolutionStrategyOptions { MergeStrategy = MergeStrategy.ClientWins })
            .Build();
        using var http = new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = server.BaseUri };
        var api = RestService.ForGenerated<ITodoApi>(http, TestJson.Refit().UseConflictExceptions());

        var result = await api.UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\"");

        Assert.Equal("mine", result.Title);
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 412", "GET /todos/1 -> 200", "PUT /todos/1 If-Match:\"v2\" -> 200"], server.Log.Lines());
    }

    [Fact]
    public void AddConflictResolution_InvalidOptions_ThrowsValidationExceptionNamingTheOption()
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();

        var error = Assert.Throws<ValidationException>(() =>
            builder.AddConflictResolution(new ConflictResolutionStrategyOptions { MergeStrategy = MergeStrategy.ClientWins, Retry = { MaxAttempts = 0 } }));

        Assert.Contains("MaxAttempts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_OutsideAResilienceHandler_PassesReadsThroughUntouched()
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddConflictResolution(new ConflictResolutionStrategyOptions { MergeStrategy = MergeStrategy.ClientWins })
            .Build();

        using var response = await pipeline.ExecuteAsync(
            _ => ValueTask.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.Conflict)),
            TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.Conflict, response.StatusCode);
    }
}
