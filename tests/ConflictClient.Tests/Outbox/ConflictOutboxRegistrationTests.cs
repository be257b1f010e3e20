using System.Text.Json.Nodes;
using ConflictClient.Merging;
using ConflictClient.Outbox;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ConflictClient.Tests.Outbox;

/// <summary><c>AddConflictOutbox</c>: validated at start-up, safe to call twice, and its hosted sender.</summary>
public sealed class ConflictOutboxRegistrationTests
{
    [Fact]
    public async Task StartAsync_OutboxWithoutConflictResolution_FailsNamingWhatToAdd()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddHttpClient("api").AddConflictOutbox(o => o.DatabasePath = TempDatabase());
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("AddConflictResolution", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_InvalidOptions_FailsNamingTheOption()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddHttpClient("api").AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ClientWins).AddConflictOutbox(o => (o.DatabasePath, o.MaxEntries) = (TempDatabase(), 0));
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("MaxEntries", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddConflictOutbox_CalledTwice_OneSenderAndBothConfigurationsApply()
    {
        var services = new ServiceCollection();
        var path = TempDatabase();
        services.AddHttpClient("api").AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ClientWins).AddConflictOutbox(o => o.DatabasePath = path).AddConflictOutbox(o => o.MaxEntries = 7);
        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IHostedService>());
        var options = provider.GetRequiredService<IOptionsMonitor<ConflictOutboxOptions>>().Get("api");
        Assert.Equal((path, 7), (options.DatabasePath, options.MaxEntries));
        Assert.Same(provider.GetConflictOutbox("api"), provider.GetConflictOutbox("api"));
    }

    [Fact]
    public void GetConflictOutbox_UnknownClient_ListsTheClientsThatHaveOne()
    {
        var services = new ServiceCollection();
        services.AddHttpClient("api").AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ClientWins).AddConflictOutbox(o => o.DatabasePath = TempDatabase());
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<InvalidOperationException>(() => provider.GetConflictOutbox("other"));

        Assert.Contains("'api'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostedSender_WriteEnqueued_IsSentWithoutAnyoneCallingDrain()
    {
        await using var server = await KestrelResourceServer.StartAsync();
        server.Seed("/todos/1", new JsonObject { ["title"] = "original" });
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddHttpClient("api", c => c.BaseAddress = server.BaseUri)
            .AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ThreeWay())
            .AddConflictOutbox(o => o.DatabasePath = TempDatabase());
        using var host = builder.Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await host.StartAsync(timeout.Token);
        var outbox = host.Services.GetConflictOutbox("api");

        using var request = new HttpRequestMessage(HttpMethod.Put, "/todos/1") { Content = new StringContent("""{"title":"mine"}""", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", server.ETag(1));
        request.Headers.TryAddWithoutValidation("X-Operation-Id", "op-1");
        var entry = await outbox.EnqueueAsync(request, timeout.Token);
        OutboxOutcome? told = null;
        await foreach (var outcome in outbox.ReadOutcomesAsync(timeout.Token))
        {
            told = outcome;
            break;
        }

        await host.StopAsync(timeout.Token);
        Assert.Equal((entry.Id, OutboxOutcomeKind.Applied), (told!.Entry.Id, told.Kind));
        Assert.Equal(1, server.AppliedCount("op-1"));
    }

    private static string TempDatabase() => Path.Combine(Directory.CreateTempSubdirectory("conflict-outbox-").FullName, "outbox.db");
}
