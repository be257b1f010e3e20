using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.DependencyInjection;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using ConflictClient.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Refit;

namespace ConflictClient.Tests.DependencyInjection;

public sealed class ConflictResolutionHttpClientBuilderExtensionsTests
{
    public static TheoryData<string, Action<ConflictResolutionStrategyOptions>> InvalidOptions => new()
    {
        { "ConflictResolutionStrategyOptions.Retry.MaxAttempts", o => o.Retry.MaxAttempts = 0 },
        { "ConflictResolutionStrategyOptions.Retry.BaseDelay", o => o.Retry.BaseDelay = TimeSpan.FromMilliseconds(-1) },
        { "ConflictResolutionStrategyOptions.Retry.MaxRetryAfter", o => o.Retry.MaxRetryAfter = TimeSpan.FromSeconds(-5) },
        { "ConflictResolutionStrategyOptions.MaxBodySize", o => o.MaxBodySize = 0 },
        { "must start with '/'", o => o.Versions.Source = VersionSource.JsonBody("version") },
        { "'~' not followed by '0' or '1'", o => o.Versions.Source = VersionSource.JsonBody("/a~2b") },
        { "must not be greater than the Retry.MaxDelay", o => o.Retry.BaseDelay = TimeSpan.FromSeconds(10) },
        { "ServerManagedPaths field holds 'Timestamp'", o => o.Versions.ServerManagedPaths.Add("Timestamp") },
        { "the empty pointer addresses the whole document", o => o.Versions.ServerManagedPaths.Add(string.Empty) },
        { "the empty pointer addresses the whole document", o => o.Versions.Source = VersionSource.JsonBody(string.Empty) },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public async Task StartAsync_InvalidOptions_FailsWithMessageNamingTheOption(string expected, Action<ConflictResolutionStrategyOptions> breakIt)
    {
        using var host = BuildHost(o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            breakIt(o);
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("ITodoApi", error.Message, StringComparison.Ordinal);
        TestContext.Current.TestOutputHelper?.WriteLine(error.Message);
    }

    [Fact]
    public async Task StartAsync_NoMergeStrategy_FailsAndListsTheChoices()
    {
        using var host = BuildHost(_ => { });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("MergeStrategy.ClientWins", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConflictResolutionStrategyOptions.MergeStrategy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ValidOptions_Starts()
    {
        using var host = BuildHost(o => o.MergeStrategy = MergeStrategy.ServerWins);

        await host.StartAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.NotNull(host.Services.GetRequiredService<ITodoApi>());
    }

    [Fact]
    public async Task AddConflictResolution_TwoClients_EachResolvesWithItsOwnOptions()
    {
        using var server = new VersionedResourceServer();
        foreach (var path in new[] { "/todos/1", "/todos/2" })
        {
            server.Seed(path, new JsonObject { ["title"] = "original" });
            server.WriteDirectly(path, doc => doc["title"] = "theirs");
        }

        var services = new ServiceCollection();
        services.AddRefitGeneratedClient<ITodoApi>(TestJson.Refit().UseConflictExceptions())
            .ConfigureHttpClient(c => c.BaseAddress = server.BaseUri)
            .AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ServerWins);
        services.AddHttpClient("other")
            .ConfigureHttpClient(c => c.BaseAddress = server.BaseUri)
            .AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ClientWins);
        await using var provider = services.BuildServiceProvider();
        var other = provider.GetRequiredService<IHttpClientFactory>().CreateClient("other");
        using var put = new HttpRequestMessage(HttpMethod.Put, "/todos/2") { Content = JsonContent.Create(new Todo { Title = "mine" }) };
        put.Headers.TryAddWithoutValidation("If-Match", "\"v1\"");

        var refitResult = await provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\"");
        using var otherResponse = await other.SendAsync(put, TestContext.Current.CancellationToken);

        Assert.Equal("theirs", refitResult.Title);
        Assert.Equal("theirs", server.Current("/todos/1")["title"]!.GetValue<string>());
        Assert.Equal("mine", server.Current("/todos/2")["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task AddConflictResolution_CalledTwice_OneHandlerAndBothConfigurationsApply()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        var services = new ServiceCollection();
        var client = services.AddHttpClient("twice").ConfigureHttpClient(c => c.BaseAddress = server.BaseUri);
        var first = client.AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ServerWins);
        var second = client.AddConflictResolution(o => o.Retry.MaxAttempts = 2);
        await using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptionsMonitor<ConflictResolutionStrategyOptions>>().Get("twice");
        using var put = new HttpRequestMessage(HttpMethod.Put, "/todos/1") { Content = JsonContent.Create(new Todo { Title = "mine" }) };
        put.Headers.TryAddWithoutValidation("If-Match", "\"v1\"");

        using var response = await provider.GetRequiredService<IHttpClientFactory>().CreateClient("twice")
            .SendAsync(put, TestContext.Current.CancellationToken);

        // Two stacked handlers would each resolve (the outer one re-sending what the inner already settled): one does.
        Assert.Same(first, second);
        Assert.Equal(MergeStrategy.ServerWins, options.MergeStrategy);
        Assert.Equal(2, options.Retry.MaxAttempts);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        Assert.Equal(["PUT", "GET"], server.Log.Select(entry => entry.RequestMessage!.Method).ToArray());
        Assert.Equal(ConflictOutcome.ServerWon, response.GetConflictWriteResult()!.Outcome);
    }

    [Fact]
    public async Task AddConflictResolution_HandlersRebuilt_ShareTheClientsOnePipeline()
    {
        var services = new ServiceCollection();
        services.AddHttpClient("a").AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ClientWins);
        services.AddHttpClient("b").AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ServerWins);
        await using var provider = services.BuildServiceProvider();
        var pipelines = provider.GetRequiredService<ConflictResolutionPipelines>();

        // Handlers are recycled every few minutes; the pipeline holds the client's group-commit queues and estimates.
        var first = pipelines.Get("a");
        var again = pipelines.Get("a");
        var other = pipelines.Get("b");

        Assert.Same(first, again);
        Assert.NotSame(first, other);
    }

    private static IHost BuildHost(Action<ConflictResolutionStrategyOptions> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddRefitGeneratedClient<ITodoApi>(TestJson.Refit())
            .ConfigureHttpClient(c => c.BaseAddress = new Uri("http://127.0.0.1:9"))
            .AddConflictResolution(configure);
        return builder.Build();
    }
}
