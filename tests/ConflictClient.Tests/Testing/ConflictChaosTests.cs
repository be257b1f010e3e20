using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace ConflictClient.Tests.Testing;

/// <summary>The chaos strategy injects conflicts into a real client pipeline, and conflict resolution answers them.</summary>
public sealed class ConflictChaosTests
{
    [Fact]
    public async Task AddConflictChaos_ConcurrentIncrements_ConflictsInjectedAndEveryOperationAppliedOnce()
    {
        const int writers = 4, increments = 15;
        var simulator = new VersionedResourceSimulator();
        simulator.Seed("/counters/1", new JsonObject { ["count"] = 0 });
        var injected = 0;
        var random = new Random(7);

        // Independent clients, as separate processes would be: one client would batch concurrent changes into one write.
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            await using var provider = Client(simulator, chaos =>
            {
                chaos.InjectionRate = 0.3;
                chaos.Randomizer = () => { lock (random) { return random.NextDouble(); } };
                chaos.OnConflictInjected = _ =>
                {
                    Interlocked.Increment(ref injected);
                    return ValueTask.CompletedTask;
                };
            });
            var api = provider.GetRequiredService<ICounterApi>();
            for (var i = 0; i < increments; i++)
            {
                await Reapply.UpdateAsync(api, a => a.GetAsync(1), (a, c, e, reapply) => a.PutAsync(1, c, e, $"w{w}-{i}", reapply: reapply), c => c with { Count = c.Count + 1 });
            }
        })));

        Assert.True(injected > 0, "the chaos strategy injected no conflict");
        Assert.Equal(writers * increments, simulator.Current("/counters/1")["count"]!.GetValue<int>());
        var operations = Enumerable.Range(0, writers * increments).Select(n => $"w{n / increments}-{n % increments}").ToList();
        Assert.Empty(simulator.LostOperations(operations));
        Assert.Empty(simulator.DoubledOperations());
    }

    [Fact]
    public async Task AddConflictChaos_EveryWriteInjected_FailsTypedAfterTheAttemptsAndNothingIsApplied()
    {
        var simulator = new VersionedResourceSimulator();
        simulator.Seed("/counters/1", new JsonObject { ["count"] = 0 });
        await using var provider = Client(simulator, chaos => chaos.InjectionRate = 1, o => (o.Retry.MaxAttempts, o.MergeStrategy) = (3, MergeStrategy.ClientWins));
        var api = provider.GetRequiredService<ICounterApi>();

        var error = await Assert.ThrowsAsync<ConflictException>(() => api.PutAsync(1, new Counter { Count = 1 }, simulator.ETagFor(1), "op-1"));

        Assert.Equal(ConflictFailureReason.AttemptsExhausted, error.Reason);
        Assert.Equal((0, 0), (simulator.AppliedWrites, simulator.AppliedCount("op-1")));
    }

    [Fact]
    public async Task AddConflictChaos_UnconditionalWriteByDefault_IsNeverInjected()
    {
        var simulator = new VersionedResourceSimulator(new() { RequirePrecondition = false });
        simulator.Seed("/counters/1", new JsonObject { ["count"] = 0 });
        await using var provider = Client(simulator, chaos => chaos.InjectionRate = 1);

        await provider.GetRequiredService<ICounterApi>().PutAsync(1, new Counter { Count = 1 }, ifMatch: null, "op-1");

        Assert.Equal(1, simulator.AppliedCount("op-1"));
    }

    [Fact]
    public async Task AddConflictChaos_Disabled_InjectsNothing()
    {
        var simulator = new VersionedResourceSimulator();
        simulator.Seed("/counters/1", new JsonObject { ["count"] = 0 });
        var injected = 0;
        await using var provider = Client(simulator, chaos => (chaos.InjectionRate, chaos.Enabled, chaos.OnConflictInjected) = (1, false, _ =>
        {
            injected++;
            return ValueTask.CompletedTask;
        }));

        await provider.GetRequiredService<ICounterApi>().PutAsync(1, new Counter { Count = 1 }, simulator.ETagFor(1), "op-1");

        Assert.Equal((0, 1, 0), (injected, simulator.AppliedCount("op-1"), simulator.RejectedWrites));
    }

    [Theory]
    [InlineData(1.5, HttpStatusCode.PreconditionFailed, "InjectionRate")]
    [InlineData(0.1, HttpStatusCode.InternalServerError, "StatusCode")]
    public void AddConflictChaos_InvalidOptions_FailsAtRegistrationNamingTheOption(double rate, HttpStatusCode status, string option)
    {
        var builder = new ServiceCollection().AddHttpClient("chaos");

        var error = Assert.Throws<ValidationException>(() => builder.AddConflictChaos(c => (c.InjectionRate, c.StatusCode) = (rate, status)));

        Assert.Contains($"ConflictChaosOptions.{option}", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Client(VersionedResourceSimulator simulator, Action<ConflictChaosOptions> chaos, Action<ConflictResolutionStrategyOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddRefitGeneratedClient<ICounterApi>(TestJson.Refit().UseConflictExceptions())
            .ConfigureHttpClient(c => c.BaseAddress = new Uri("http://counters.test"))
            .ConfigurePrimaryHttpMessageHandler(simulator.CreateHandler)
            .AddConflictResolution(o =>
            {
                o.MergeStrategy = MergeStrategy.Fail;
                configure?.Invoke(o);
            })
            .AddConflictChaos(chaos);
        return services.BuildServiceProvider();
    }
}
