using System.Net;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Conflicts;

public sealed class ConflictBackoffTests
{
    [Fact]
    public async Task UpdateAsync_ConflictWithRetryAfter_WaitsExactlyThatLongOnTheTimeProvider()
    {
        using var server = VersionedResourceServer.WithStaleTodo(new VersionedResourceSimulatorOptions { RetryAfterSeconds = 5 });
        var time = new ObservableTimeProvider();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ClientWins, time);
        var timer = time.NextTimerAsync();

        var update = provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\"");

        Assert.Equal(TimeSpan.FromSeconds(5), await timer);
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(update.IsCompleted);
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 412"], server.Log.Lines());

        time.Advance(TimeSpan.FromSeconds(0.1));
        var result = await update;

        Assert.Equal("mine", result.Title);
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 412", "GET /todos/1 -> 200", "PUT /todos/1 If-Match:\"v2\" -> 200"], server.Log.Lines());
    }

    [Fact]
    public async Task UpdateAsync_RetryAfterAboveCap_WaitsOnlyMaxRetryAfter()
    {
        using var server = VersionedResourceServer.WithStaleTodo(new VersionedResourceSimulatorOptions { RetryAfterSeconds = 3600 });
        var time = new ObservableTimeProvider();
        await using var provider = TestClients.Create<ITodoApi>(
            server.BaseUri,
            o =>
            {
                o.MergeStrategy = MergeStrategy.ClientWins;
                o.Retry.MaxRetryAfter = TimeSpan.FromSeconds(10);
            },
            time);
        var timer = time.NextTimerAsync();

        var update = provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\"");

        Assert.Equal(TimeSpan.FromSeconds(10), await timer);
        time.Advance(TimeSpan.FromSeconds(10));
        await update;
        Assert.Equal(3, server.Log.Count);
    }

    [Fact]
    public async Task UpdateAsync_CancelledDuringBackoff_ThrowsOperationCanceledAndSendsNothingMore()
    {
        using var server = VersionedResourceServer.WithStaleTodo(new VersionedResourceSimulatorOptions { RetryAfterSeconds = 20 });
        var time = new ObservableTimeProvider();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ClientWins, time);
        using var cancellation = new CancellationTokenSource();
        var timer = time.NextTimerAsync();
        var api = provider.GetRequiredService<ITodoApi>();

        var update = api.UpdateWithCancellationAsync(1, new Todo { Title = "mine" }, "\"v1\"", cancellation.Token);
        await timer;
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => update);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 412"], server.Log.Lines());
        Assert.Equal("theirs", server.Current("/todos/1")["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdateAsync_NoRetryAfter_BacksOffExponentiallyWithJitterCappedAtMaxDelay()
    {
        using var server = new VersionedResourceServer();
        server.Seed("/todos/1", new JsonObject { ["title"] = "original" });
        server.RejectNextWrites(3);
        var time = new ObservableTimeProvider();
        var delays = new List<TimeSpan>();
        await using var provider = TestClients.Create<ITodoApi>(
            server.BaseUri,
            o =>
            {
                o.MergeStrategy = MergeStrategy.ClientWins;
                o.Retry.BaseDelay = TimeSpan.FromSeconds(1);
                o.Retry.MaxDelay = TimeSpan.FromSeconds(3);
                o.Randomizer = () => 1.0;
                o.OnConflict = args =>
                {
                    delays.Add(args.RetryDelay);
                    return ValueTask.CompletedTask;
                };
            },
            time);
        var api = provider.GetRequiredService<ITodoApi>();

        var nextTimer = time.NextTimerAsync();
        var update = api.UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\"");
        for (var retry = 0; retry < 3; retry++)
        {
            var due = await nextTimer.WaitAsync(TestContext.Current.CancellationToken);
            nextTimer = time.NextTimerAsync();
            time.Advance(due);
        }

        await update;
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)], delays);
        Assert.Equal(4, server.Log.Count(e => e.RequestMessage!.Method == "PUT"));
    }

    [Fact]
    public async Task UpdateAsync_ConflictCarriesState_FirstRetryIsImmediateAndLaterOnesBackOffAndFetch()
    {
        using var server = VersionedResourceServer.WithStaleTodo(new VersionedResourceSimulatorOptions { ConflictBodyCarriesCurrent = true });
        server.RejectNextWrites(1);
        var time = new ObservableTimeProvider();
        await using var provider = TestClients.Create<ITodoApi>(
            server.BaseUri,
            o =>
            {
                o.MergeStrategy = MergeStrategy.ClientWins;
                o.Versions.ConflictResponseCarriesCurrent = true;
                o.Randomizer = () => 1.0;
            },
            time);
        var timer = time.NextTimerAsync();

        var update = provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\"");
        await timer;

        // Stale PUT, then an immediate PUT with the carried version (no wait, no GET), which meets another conflict.
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 412", "PUT /todos/1 If-Match:\"v2\" -> 412"], server.Log.Lines());
        Assert.Single(time.CreatedTimers);
        time.Advance(time.CreatedTimers[0]);
        await update;

        // The second conflict waited, so its carried state could be stale: it fetched the state again.
        Assert.Equal(
            ["PUT /todos/1 If-Match:\"v1\" -> 412", "PUT /todos/1 If-Match:\"v2\" -> 412", "GET /todos/1 -> 200", "PUT /todos/1 If-Match:\"v3\" -> 200"],
            server.Log.Lines());
    }

    [Theory]
    [InlineData(1, 0.5, 10)]
    [InlineData(2, 0.5, 20)]
    [InlineData(3, 1.0, 80)]
    [InlineData(10, 1.0, 1000)]
    [InlineData(3, 0.0, 0)]
    public void Compute_NoRetryAfter_IsFullJitterOfCappedExponential(int retry, double random, int expectedMs)
    {
        var options = new ConflictResolutionStrategyOptions { Retry = { BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromSeconds(1) } };

        var delay = ConflictBackoff.Compute(retry, retryAfter: null, options, () => random);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), delay);
    }

    [Theory]
    [InlineData(1, 0.25)]
    [InlineData(2, 0.5)]
    [InlineData(5, 0.999)]
    [InlineData(8, 0.75)]
    [InlineData(49, 0.1)]
    public void Compute_DefaultOptions_EqualsAPollyRetryWithExponentialFullJitter(int retry, double random)
    {
        // The peer the contention benchmark measures against: uniform(0, min(1 s, 10 ms × 2^(attempt))), Polly's
        // AttemptNumber counting retries from 0.
        var pollyAttemptNumber = retry - 1;
        var polly = TimeSpan.FromMilliseconds(random * Math.Min(1000, 10 * Math.Pow(2, pollyAttemptNumber)));

        var delay = ConflictBackoff.Compute(retry, retryAfter: null, new ConflictResolutionStrategyOptions(), () => random);

        Assert.Equal(polly.TotalMilliseconds, delay.TotalMilliseconds, precision: 3);
    }

    [Fact]
    public void Compute_RetryAfterInThePast_IsZero()
    {
        var delay = ConflictBackoff.Compute(1, TimeSpan.FromSeconds(-3), new ConflictResolutionStrategyOptions(), () => 1.0);

        Assert.Equal(TimeSpan.Zero, delay);
    }

    [Fact]
    public void ReadRetryAfter_HttpDate_IsMeasuredFromTheTimeProvider()
    {
        var time = TestClients.FakeTime();
        using var response = new HttpResponseMessage(HttpStatusCode.Conflict);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(time.GetUtcNow().AddSeconds(7));

        Assert.Equal(TimeSpan.FromSeconds(7), ConflictBackoff.ReadRetryAfter(response.Headers, time));
    }

    /// <summary>Fires each timer the write creates, in order, until it completes; returns each timer's due time.</summary>
    private static async Task<List<TimeSpan>> AdvanceThroughTimersAsync<T>(ObservableTimeProvider time, Task<T> update, Action<int> whileWaiting)
    {
        var timers = new List<TimeSpan>();
        var nextTimer = time.NextTimerAsync();
        while (await Task.WhenAny(nextTimer, update).WaitAsync(TestContext.Current.CancellationToken) == nextTimer)
        {
            var due = await nextTimer;
            whileWaiting(timers.Count);
            timers.Add(due);
            nextTimer = time.NextTimerAsync();
            time.Advance(due);
        }

        return timers;
    }
}
