namespace ConflictClient.PackageTests;

/// <summary>The code the consumer projects compile, as a user of the packages writes it.</summary>
internal static class ConsumerSources
{
    public const string TestProject = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <OutputType>Exe</OutputType>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
          </PropertyGroup>
          <ItemGroup>
            <Using Include="Xunit" />
          </ItemGroup>
        </Project>
        """;

    public const string SimulatorTests = """
        using System.Net;
        using System.Net.Http.Json;
        using System.Text.Json.Nodes;
        using ConflictClient.Conflicts;
        using ConflictClient.Merging;
        using ConflictClient.Testing;
        using Microsoft.Extensions.DependencyInjection;

        public class ConsumerTests
        {
            [Fact]
            public async Task StalePut_IsResolvedAgainstTheSimulator()
            {
                var todos = new VersionedResourceSimulator();
                todos.Seed("/todos/1", new JsonObject { ["title"] = "original" });
                todos.WriteDirectly("/todos/1", t => t["title"] = "theirs");
                var services = new ServiceCollection();
                services.AddHttpClient("todos", c => c.BaseAddress = new Uri("http://todos.test"))
                    .ConfigurePrimaryHttpMessageHandler(todos.CreateHandler)
                    .AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ServerWins);
                using var provider = services.BuildServiceProvider();
                using var put = new HttpRequestMessage(HttpMethod.Put, "/todos/1") { Content = JsonContent.Create(new { title = "mine" }) };
                put.Headers.TryAddWithoutValidation("If-Match", "\"v1\"");

                using var response = await provider.GetRequiredService<IHttpClientFactory>().CreateClient("todos").SendAsync(put);

                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(ConflictOutcome.ServerWon, response.GetConflictWriteResult()!.Outcome);
                Assert.Equal("theirs", todos.Current("/todos/1")["title"]!.GetValue<string>());
            }

            [Fact]
            public async Task Chaos_InjectedConflicts_AreHandledAndEveryWriteApplied()
            {
                var counters = new VersionedResourceSimulator();
                counters.Seed("/c/1", new JsonObject { ["n"] = 0 });
                var injected = 0;
                var services = new ServiceCollection();
                services.AddHttpClient("c", c => c.BaseAddress = new Uri("http://c.test"))
                    .ConfigurePrimaryHttpMessageHandler(counters.CreateHandler)
                    .AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ClientWins)
                    .AddConflictChaos(chaos =>
                    {
                        chaos.InjectionRate = 1;
                        chaos.Randomizer = () => injected == 0 ? 0 : 1; // the first write only
                        chaos.OnConflictInjected = _ => { injected++; return ValueTask.CompletedTask; };
                    });
                using var provider = services.BuildServiceProvider();
                using var put = new HttpRequestMessage(HttpMethod.Put, "/c/1") { Content = JsonContent.Create(new { n = 1 }) };
                put.Headers.TryAddWithoutValidation("If-Match", counters.ETagFor(counters.VersionOf("/c/1")));

                using var response = await provider.GetRequiredService<IHttpClientFactory>().CreateClient("c").SendAsync(put);

                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(1, injected);
                Assert.Equal(1, counters.AppliedWrites);
            }
        }
        """;

    /// <summary>A console app that registers Redis turns as the guide shows, validates its options and says whether the client has turns.</summary>
    public const string RedisProgram = """
        using ConflictClient.Conflicts;
        using ConflictClient.Merging;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Options;

        var services = new ServiceCollection();
        services.AddHttpClient("todos", c => c.BaseAddress = new Uri("http://127.0.0.1:1"))
            .AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ThreeWay())
            .AddRedisConflictTurns(o => o.Configuration = "127.0.0.1:1,abortConnect=false");
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var turns = provider.GetRequiredService<IOptionsMonitor<ConflictResolutionStrategyOptions>>().Get("todos").Turns;
        Console.WriteLine(turns is null ? "turns: none" : "turns: registered");
        """;

    /// <summary>A console app that queues a write while its server cannot be reached, restarts, and finds it still queued.</summary>
    public const string OutboxProgram = """"
        using System.Net.Http.Json;
        using ConflictClient.Conflicts;
        using ConflictClient.Merging;
        using Microsoft.Extensions.DependencyInjection;

        var database = Path.Combine(Path.GetTempPath(), $"outbox-{Guid.NewGuid():N}.db");
        for (var run = 1; run <= 2; run++)
        {
            var services = new ServiceCollection();
            services.AddHttpClient("todos", c => c.BaseAddress = new Uri("http://127.0.0.1:1"))
                .AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ThreeWay())
                .AddConflictOutbox(o => o.DatabasePath = database);
            await using var provider = services.BuildServiceProvider();
            var outbox = provider.GetConflictOutbox("todos");
            if (run == 1)
            {
                using var request = new HttpRequestMessage(HttpMethod.Put, "todos/1") { Content = JsonContent.Create(new { title = "mine" }) };
                request.Headers.TryAddWithoutValidation("If-Match", "\"v1\"");
                request.SetConflictBase("""{"title":"original"}""");
                await outbox.EnqueueAsync(request);
                var drained = await outbox.DrainAsync();
                Console.WriteLine($"offline: {drained.Offline}");
            }
            else
            {
                Console.WriteLine($"after restart: {await outbox.GetWaitingCountAsync()} waiting");
            }
        }
        """";
}
