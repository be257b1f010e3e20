using System.Collections.Concurrent;
using System.Globalization;
using ConflictClient.Conflicts;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace ConflictClient.Redis.Internal;

/// <summary>
/// Fair turns on Redis: a writer joins the resource's line and waits until the holder hands it the turn (a message on
/// the turns' channel, or its own check-in once the holder's lease ran out). Any failure or slowness of Redis gives
/// <see langword="null"/>: the write goes on without a turn, and turns pause for <see cref="RedisConflictTurnsOptions.BreakDuration"/>.
/// </summary>
internal sealed class RedisConflictTurns : ConflictTurns
{
    private readonly RedisConflictTurnsOptions _options;
    private readonly Task<IConnectionMultiplexer> _connection;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _waiting = new(StringComparer.Ordinal);
    private readonly RedisChannel _granted;
    private readonly string _grantedPrefix, _instance;
    private readonly string _lease, _checkIn, _idle;
    private long _brokenUntil;
    private int _subscribed;

    public RedisConflictTurns(RedisConflictTurnsOptions options, Task<IConnectionMultiplexer> connection, TimeProvider time, ILogger logger)
    {
        (_options, _connection, _time, _logger) = (options, connection, time, logger);
        // One channel per instance: a turn handed on wakes the one process whose writer gets it, not the fleet.
        _instance = Guid.NewGuid().ToString("N")[..16];
        _grantedPrefix = options.KeyPrefix + "granted:";
        _granted = RedisChannel.Literal(_grantedPrefix + _instance);
        _lease = Milliseconds(options.Lease);
        _checkIn = Milliseconds((options.PollInterval * 3) + options.CommandTimeout);
        _idle = Milliseconds(RedisConflictTurnsConstants.IdleKeyLifetime);
    }

    public override async ValueTask<ConflictTurn?> TakeTurnAsync(ConflictTurnArguments arguments)
    {
        if (_time.GetTimestamp() < Volatile.Read(ref _brokenUntil) || !await IsConnectedAsync(arguments.CancellationToken).ConfigureAwait(false))
        {
            RedisTurnsTelemetry.Taken(TurnResult.Unavailable, TimeSpan.Zero);
            return null;
        }

        var database = _connection.Result.GetDatabase();
        var keys = Keys(arguments.Key);
        var id = _instance + ":" + Guid.NewGuid().ToString("N");
        var granted = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = granted;
        var started = _time.GetTimestamp();
        var cancellationToken = arguments.CancellationToken;
        try
        {
            await SubscribeAsync(_connection.Result, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var answer = (RedisResult[])(await RunAsync(database.ScriptEvaluateAsync(TurnScripts.Acquire, keys, [id, _lease, _checkIn, _idle]), cancellationToken).ConfigureAwait(false))!;
                if ((int)answer[0] == 1)
                {
                    return Granted(database, keys, id, (string?)answer[1], started);
                }

                var left = _options.MaxWait - _time.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    await ReleaseAsync(database, keys, id, writtenVersion: null).ConfigureAwait(false);
                    RedisTurnsTelemetry.Taken(TurnResult.WaitedTooLong, _time.GetElapsedTime(started));
                    return null;
                }

                // Until the holder's lease ends, if it holds one; with no holder, the first in line takes the turn at its
                // check-in, and the others have nothing to look at sooner.
                var holderLeft = (long)answer[1] > 0 ? TimeSpan.FromMilliseconds((long)answer[1] + 1) : _options.PollInterval;
                try
                {
                    var version = await granted.Task.WaitAsync(Min(left, Min(_options.PollInterval, holderLeft)), _time, cancellationToken).ConfigureAwait(false);
                    return Granted(database, keys, id, version, started);
                }
                catch (TimeoutException)
                {
                    // Check in: keeps the place in line, and takes a turn whose holder's lease ran out.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await ReleaseAsync(database, keys, id, writtenVersion: null).ConfigureAwait(false);
            throw;
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            Break(e);
            RedisTurnsTelemetry.Taken(TurnResult.Failed, _time.GetElapsedTime(started));

            // A check-in may have taken the turn on the server although its answer never came: give it on, in the
            // background (bounded, never throws), so a slow Redis does not also cost the others the lease.
            _ = ReleaseAsync(database, keys, id, writtenVersion: null).AsTask();
            return null;
        }
        finally
        {
            _waiting.TryRemove(id, out _);
        }
    }

    /// <summary>Whether Redis can be asked: the first writers wait for the connection being made, at most one command's time.</summary>
    private async ValueTask<bool> IsConnectedAsync(CancellationToken cancellationToken)
    {
        if (!_connection.IsCompleted)
        {
            try
            {
                await _connection.WaitAsync(_options.CommandTimeout, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or RedisException)
            {
                return false;
            }
        }

        return _connection.IsCompletedSuccessfully && _connection.Result.IsConnected;
    }

    /// <summary>Gives the turn back, or leaves the line, and tells the next holder; never throws.</summary>
    internal async ValueTask ReleaseAsync(IDatabase database, RedisKey[] keys, string id, string? writtenVersion)
    {
        try
        {
            await RunAsync(database.ScriptEvaluateAsync(TurnScripts.Release, keys, [id, writtenVersion ?? string.Empty, _lease, _idle, _grantedPrefix]), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            // The lease ends the turn anyway; the next writer's check-in takes it.
            Break(e);
        }
    }

    private RedisTurn Granted(IDatabase database, RedisKey[] keys, string id, string? previousVersion, long started)
    {
        RedisTurnsTelemetry.Taken(TurnResult.Granted, _time.GetElapsedTime(started));
        return new RedisTurn(this, database, keys, id, string.IsNullOrEmpty(previousVersion) ? null : previousVersion);
    }

    private async ValueTask SubscribeAsync(IConnectionMultiplexer connection, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _subscribed) == 1)
        {
            return;
        }

        await RunAsync(connection.GetSubscriber().SubscribeAsync(_granted, (_, message) => OnGranted(message)), cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _subscribed, 1);
    }

    /// <summary>A holder handed the turn on: "waiter\nversion". Waiters of other processes are not here.</summary>
    private void OnGranted(RedisValue message)
    {
        var text = (string?)message;
        var split = text?.IndexOf('\n', StringComparison.Ordinal) ?? -1;
        if (split > 0 && _waiting.TryGetValue(text![..split], out var waiter))
        {
            waiter.TrySetResult(text[(split + 1)..]);
        }
    }

    private Task<T> RunAsync<T>(Task<T> command, CancellationToken cancellationToken) => command.WaitAsync(_options.CommandTimeout, _time, cancellationToken);

    private Task RunAsync(Task command, CancellationToken cancellationToken) => command.WaitAsync(_options.CommandTimeout, _time, cancellationToken);

    private void Break(Exception failure)
    {
        Volatile.Write(ref _brokenUntil, _time.GetTimestamp() + (long)(_options.BreakDuration.TotalSeconds * _time.TimestampFrequency));
        RedisTurnsLog.Unavailable(_logger, failure.GetType().Name, _options.BreakDuration);
    }

    private RedisKey[] Keys(string key)
    {
        // One hash tag per resource, so a cluster keeps a resource's keys on one node.
        var stem = $"{_options.KeyPrefix}{{{key}}}:";
        return [stem + "line", stem + "checkin", stem + "holder", stem + "version", stem + "ticket"];
    }

    private static bool IsRedisFailure(Exception e) => e is RedisException or TimeoutException or ObjectDisposedException or InvalidCastException;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string Milliseconds(TimeSpan value) => Math.Max(1, (long)Math.Ceiling(value.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
}
