using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ConflictClient.Merging;
using ConflictClient.Redis.Internal;
using ConflictClient.Tests.Conflicts;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using StackExchange.Redis;

namespace ConflictClient.Tests.Redis;

/// <summary>
/// Independent clients (each its own HttpClient, as separate instances of an app) increment one counter on a real
/// Kestrel server that counts each operation's applications, taking turns on a real Redis-protocol server.
/// </summary>
public sealed class RedisTurnsWritesTests
{
    private const int Writers = 8, Increments = 25;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Increments_ContendedCounterWithTurnsOnRedis_EachAppliedExactlyOnceAndTurnsTaken()
    {
        await using var server = await KestrelResourceServer.StartAsync();
        server.Seed("/counters/1", new JsonObject { ["count"] = 0 });
        using var garnet = GarnetTestServer.Start();
        using var granted = new MetricCollector<double>(null, RedisTurnsTelemetry.MeterName, "conflictclient.turn.wait.duration");

        var failures = await RunWritersAsync(server, garnet.Configuration, whileRunning: null);

        Assert.Empty(failures);
        Assert.Equal(Writers * Increments, server.Current("/counters/1").Body["count"]!.GetValue<int>());
        Assert.All(Operations(), op => Assert.Equal(1, server.AppliedCount(op)));
        Assert.Contains(granted.GetMeasurementSnapshot(), m => Equals(m.Tags["conflictclient.turn.result"], "granted"));
    }

    [Fact]
    public async Task Increments_RedisStopsMidRun_EachAppliedExactlyOnceAndNoCallFails()
    {
        await using var server = await KestrelResourceServer.StartAsync();
        server.Seed("/counters/1", new JsonObject { ["count"] = 0 });
        var garnet = GarnetTestServer.Start();

        var failures = await RunWritersAsync(server, garnet.Configuration, whileRunning: async () =>
        {
            while (server.AppliedWrites < Writers * Increments / 3)
            {
                await Task.Delay(1, TestContext.Current.CancellationToken);
            }

            garnet.Dispose(); // killed mid-run: waiting writers and later ones go on without turns
        });

        Assert.Empty(failures);
        Assert.Equal(Writers * Increments, server.Current("/counters/1").Body["count"]!.GetValue<int>());
        Assert.All(Operations(), op => Assert.Equal(1, server.AppliedCount(op)));
    }

    [Fact]
    public async Task Writes_NeverContended_MakeNoRedisCall()
    {
        await using var server = await KestrelResourceServer.StartAsync();
        server.Seed("/counters/1", new JsonObject { ["count"] = 0 });
        using var garnet = GarnetTestServer.Start();
        await using var provider = Client(server, garnet.Configuration);
        var api = provider.GetRequiredService<ICounterApi>();

        for (var i = 0; i < 20; i++)
        {
            await ExactlyOnceTests.Increment(api, $"alone-{i}");
        }

        await using var connection = await ConnectionMultiplexer.ConnectAsync(garnet.Configuration);
        Assert.Equal(20, server.Current("/counters/1").Body["count"]!.GetValue<int>());
        Assert.Empty(connection.GetServers()[0].Keys(pattern: RedisConflictTurnsConstants.DefaultKeyPrefix + "*"));
    }

    private static IEnumerable<string> Operations() =>
        Enumerable.Range(0, Writers).SelectMany(w => Enumerable.Range(0, Increments).Select(i => $"w{w}-{i}"));

    private static async Task<ConcurrentBag<Exception>> RunWritersAsync(KestrelResourceServer server, string redis, Func<Task>? whileRunning)
    {
        var failures = new ConcurrentBag<Exception>();
        var providers = Enumerable.Range(0, Writers).Select(_ => Client(server, redis)).ToArray();
        try
        {
            var writers = providers.Select((provider, w) => Task.Run(async () =>
            {
                var api = provider.GetRequiredService<ICounterApi>();
                for (var i = 0; i < Increments; i++)
                {
                    try
                    {
                        await ExactlyOnceTests.Increment(api, $"w{w}-{i}");
                    }
#pragma warning disable CA1031 // Every failure is counted; the assertion says none.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        failures.Add(e);
                    }
                }
            })).ToList();
            if (whileRunning is not null)
            {
                writers.Add(whileRunning());
            }

            await Task.WhenAll(writers).WaitAsync(Patience, TestContext.Current.CancellationToken);
        }
        finally
        {
            foreach (var provider in providers)
            {
                await provider.DisposeAsync();
            }
        }

        return failures;
    }

    private static ServiceProvider Client(KestrelResourceServer server, string redis) =>
        TestClients.Create<ICounterApi>(
            server.BaseUri,
            o => o.MergeStrategy = MergeStrategy.Fail,
            client: b => b.AddRedisConflictTurns(r => (r.Configuration, r.PollInterval) = (redis, TimeSpan.FromMilliseconds(20))));
}
