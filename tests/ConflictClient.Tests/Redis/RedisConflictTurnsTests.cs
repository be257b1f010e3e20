using ConflictClient.Conflicts;
using ConflictClient.Redis;
using ConflictClient.Redis.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using StackExchange.Redis;

namespace ConflictClient.Tests.Redis;

/// <summary>Fair turns against a real Redis-protocol server (Garnet, embedded).</summary>
public sealed class RedisConflictTurnsTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly GarnetTestServer _garnet = GarnetTestServer.Start();
    private ConnectionMultiplexer? _connection;

    public async ValueTask InitializeAsync() => _connection = await ConnectionMultiplexer.ConnectAsync(_garnet.Configuration);

    public async ValueTask DisposeAsync()
    {
        await _connection!.DisposeAsync();
        _garnet.Dispose();
    }

    [Fact]
    public async Task TakeTurnAsync_ThreeWriters_GetTheTurnInTheOrderTheyAskedAndLearnTheVersionWritten()
    {
        var turns = Turns();
        var first = await TakeAsync(turns, "k1");
        Assert.NotNull(first);
        Assert.Null(first.PreviousVersion);

        var second = TakeAsync(turns, "k1").AsTask();
        await WaitUntilAsync(() => LineLength("k1") == 1);
        var third = TakeAsync(turns, "k1").AsTask();
        await WaitUntilAsync(() => LineLength("k1") == 2);

        await first.ReleaseAsync("\"v2\"");
        var secondTurn = await second.WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.NotNull(secondTurn);
        Assert.Equal("\"v2\"", secondTurn.PreviousVersion);
        Assert.False(third.IsCompleted);

        await secondTurn.ReleaseAsync("\"v3\"");
        var thirdTurn = await third.WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.Equal("\"v3\"", thirdTurn!.PreviousVersion);
        await thirdTurn.ReleaseAsync(null);
    }

    [Fact]
    public async Task TakeTurnAsync_HolderGivesItBack_TheNextWriterIsToldWithoutCheckingIn()
    {
        // Check-ins and leases far beyond the test's patience: only the message on the turns' channel can wake it.
        var turns = Turns(o => (o.Lease, o.PollInterval, o.MaxWait) = (TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10)));
        var holder = await TakeAsync(turns, "k7");
        var next = TakeAsync(turns, "k7").AsTask();
        await WaitUntilAsync(() => LineLength("k7") == 1);

        await holder!.ReleaseAsync("\"v5\"");

        Assert.Equal("\"v5\"", (await next.WaitAsync(Patience, TestContext.Current.CancellationToken))!.PreviousVersion);
    }

    [Fact]
    public async Task TakeTurnAsync_HolderNeverGivesItBack_NextWriterGetsItWhenTheLeaseEnds()
    {
        var turns = Turns(o => (o.Lease, o.PollInterval) = (TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(20)));
        var dead = await TakeAsync(turns, "k2"); // its process "died": never released

        var next = await TakeAsync(turns, "k2").AsTask().WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.NotNull(dead);
        Assert.NotNull(next);
        await next.ReleaseAsync(null);
    }

    [Fact]
    public async Task TakeTurnAsync_DifferentResources_DoNotWaitForEachOther()
    {
        var turns = Turns();
        var a = await TakeAsync(turns, "a");

        var b = await TakeAsync(turns, "b").AsTask().WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.NotNull(a);
        Assert.NotNull(b);
    }

    [Fact]
    public async Task TakeTurnAsync_NoTurnWithinMaxWait_WritesWithoutOneAndLeavesTheLine()
    {
        var turns = Turns(o => (o.MaxWait, o.PollInterval) = (TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(20)));
        var holder = await TakeAsync(turns, "k3");

        var late = await TakeAsync(turns, "k3").AsTask().WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.NotNull(holder);
        Assert.Null(late);
        Assert.Equal(0, LineLength("k3"));
    }

    [Fact]
    public async Task TakeTurnAsync_RedisStopsWhileAWriterWaits_ItGoesOnWithoutATurnAndLaterWritersDoNotAsk()
    {
        var turns = Turns(o => o.PollInterval = TimeSpan.FromMilliseconds(20));
        var holder = await TakeAsync(turns, "k4");
        var waiting = TakeAsync(turns, "k4").AsTask();
        await WaitUntilAsync(() => LineLength("k4") == 1);

        _garnet.Dispose();
        var outcome = await waiting.WaitAsync(Patience, TestContext.Current.CancellationToken);
        var after = await TakeAsync(turns, "k4").AsTask().WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.NotNull(holder);
        Assert.Null(outcome);
        Assert.Null(after);
        await holder.ReleaseAsync("\"v9\"").AsTask().WaitAsync(Patience, TestContext.Current.CancellationToken); // never throws
    }

    [Fact]
    public async Task TakeTurnAsync_ServerNotReachable_NoTurnAtOnce()
    {
        using var nowhere = GarnetTestServer.Start();
        var configuration = nowhere.Configuration;
        nowhere.Dispose();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        var turns = new RedisConflictTurns(new RedisConflictTurnsOptions(), Task.FromResult<IConnectionMultiplexer>(connection), TimeProvider.System, NullLogger.Instance);

        Assert.Null(await TakeAsync(turns, "k5").AsTask().WaitAsync(Patience, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TakeTurnAsync_CancelledWhileWaiting_ThrowsAndLeavesTheLine()
    {
        var turns = Turns();
        var holder = await TakeAsync(turns, "k6");
        using var cancellation = new CancellationTokenSource();
        var context = ResilienceContextPool.Shared.Get(cancellation.Token);
        var waiting = turns.TakeTurnAsync(new ConflictTurnArguments("k6", context)).AsTask();
        await WaitUntilAsync(() => LineLength("k6") == 1);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience, TestContext.Current.CancellationToken));
        Assert.Equal(0, LineLength("k6"));
        Assert.NotNull(holder);
    }

    private RedisConflictTurns Turns(Action<RedisConflictTurnsOptions>? configure = null)
    {
        var options = new RedisConflictTurnsOptions { Configuration = _garnet.Configuration };
        configure?.Invoke(options);
        return new RedisConflictTurns(options, Task.FromResult<IConnectionMultiplexer>(_connection!), TimeProvider.System, NullLogger.Instance);
    }

    private static ValueTask<ConflictTurn?> TakeAsync(RedisConflictTurns turns, string key) =>
        turns.TakeTurnAsync(new ConflictTurnArguments(key, ResilienceContextPool.Shared.Get(TestContext.Current.CancellationToken)));

    private long LineLength(string key) => _connection!.GetDatabase().SortedSetLength($"{RedisConflictTurnsConstantsView.Prefix}{{{key}}}:line");

    /// <summary>Waits for a state of the server that the test set in motion; fails instead of hanging.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Patience);
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    private static class RedisConflictTurnsConstantsView
    {
        public const string Prefix = RedisConflictTurnsConstants.DefaultKeyPrefix;
    }
}
