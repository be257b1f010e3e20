using System.Collections.Concurrent;
using ConflictClient.Conflicts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ConflictClient.Redis.Internal;

/// <summary>One set of turns per client, built on first use; connections it made are closed with the container.</summary>
internal sealed class RedisConflictTurnsRegistry(IServiceProvider services, IOptionsMonitor<RedisConflictTurnsOptions> options) : IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<(RedisConflictTurns Turns, Task<IConnectionMultiplexer>? Owned)>> _turns = new(StringComparer.Ordinal);

    /// <summary>The client's turns, built (and connected) at their first use, after start-up validated the options.</summary>
    public ConflictTurns Get(string clientName) => new Deferred(() => Resolve(clientName));

    public RedisConflictTurns Resolve(string clientName) => _turns.GetOrAdd(clientName, name => new(() => Create(name))).Value.Turns;

    public async ValueTask DisposeAsync()
    {
        foreach (var entry in _turns.Values.Where(e => e.IsValueCreated && e.Value.Owned is not null))
        {
            try
            {
                await (await entry.Value.Owned!.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A connection that never came up has nothing to close.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    /// <summary>For containers disposed synchronously: closes the connections this registry made.</summary>
    public void Dispose()
    {
        foreach (var entry in _turns.Values.Where(e => e.IsValueCreated && e.Value.Owned is not null))
        {
            // A connection still being made is closed when it is made: none keeps reconnecting after the container.
            _ = entry.Value.Owned!.ContinueWith(made => made.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private (RedisConflictTurns, Task<IConnectionMultiplexer>?) Create(string name)
    {
        var settings = options.Get(name);
        var owned = settings.Connection is null ? ConnectAsync(settings) : null;
        var connection = owned ?? Task.FromResult(settings.Connection!(services));
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger("ConflictClient.Redis") ?? NullLogger.Instance;
        return (new RedisConflictTurns(settings, connection, services.GetService<TimeProvider>() ?? TimeProvider.System, logger), owned);
    }

    private sealed class Deferred(Func<RedisConflictTurns> resolve) : ConflictTurns
    {
        public override ValueTask<ConflictTurn?> TakeTurnAsync(ConflictTurnArguments arguments) => resolve().TakeTurnAsync(arguments);
    }

    /// <summary>Connects in the background: a server that is down makes writers go on without turns, never fails start-up.</summary>
    private static async Task<IConnectionMultiplexer> ConnectAsync(RedisConflictTurnsOptions settings)
    {
        var configuration = ConfigurationOptions.Parse(settings.Configuration!);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        return await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
    }
}
