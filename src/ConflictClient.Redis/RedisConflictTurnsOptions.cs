using System.ComponentModel.DataAnnotations;
using ConflictClient.Conflicts;
using ConflictClient.Redis.Internal;
using StackExchange.Redis;

namespace ConflictClient.Redis;

/// <summary>How writers take turns at a hot resource on Redis (or Valkey, Garnet, a managed Redis service).</summary>
public sealed class RedisConflictTurnsOptions
{
    /// <summary>
    /// Gets or sets the StackExchange.Redis configuration string of the server (for example <c>"localhost:6379"</c>),
    /// used when no <see cref="Connection"/> is given. The connection is made in the background and never fails a write.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Configuration { get; set; }

    /// <summary>Gets or sets a connection of the application's to use instead of <see cref="Configuration"/>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Func<IServiceProvider, IConnectionMultiplexer>? Connection { get; set; }

    /// <summary>Gets or sets the prefix of every Redis key and channel the turns use.</summary>
    /// <value>The default value is <c>"conflictclient:turn:"</c>.</value>
    [Required]
    public string KeyPrefix { get; set; } = RedisConflictTurnsConstants.DefaultKeyPrefix;

    /// <summary>
    /// Gets or sets how long a writer holds its turn at most: a writer that dies, or stalls, costs the others this long.
    /// A write that takes longer keeps going; the server's version check guards it as always.
    /// </summary>
    /// <value>The default value is 5 seconds.</value>
    [TimeSpanRange("00:00:00.010", "00:10:00")]
    public TimeSpan Lease { get; set; } = RedisConflictTurnsConstants.DefaultLease;

    /// <summary>Gets or sets how long a writer waits for its turn before it writes without one (independently, with backoff).</summary>
    /// <value>The default value is 10 seconds.</value>
    [TimeSpanRange("00:00:00", "00:10:00")]
    public TimeSpan MaxWait { get; set; } = RedisConflictTurnsConstants.DefaultMaxWait;

    /// <summary>
    /// Gets or sets how long one Redis command may take. A command that fails or takes longer makes writers go on without
    /// turns for <see cref="BreakDuration"/>.
    /// </summary>
    /// <value>The default value is 250 milliseconds.</value>
    [TimeSpanRange("00:00:00.001", "00:01:00")]
    public TimeSpan CommandTimeout { get; set; } = RedisConflictTurnsConstants.DefaultCommandTimeout;

    /// <summary>
    /// Gets or sets how often a waiting writer checks in: it keeps its place in line, and takes a turn whose holder's
    /// lease ran out. A writer that stops checking in (its process died) loses its place after three of these.
    /// </summary>
    /// <value>The default value is 100 milliseconds.</value>
    [TimeSpanRange("00:00:00.001", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = RedisConflictTurnsConstants.DefaultPollInterval;

    /// <summary>Gets or sets how long writers go on without turns after Redis failed or was too slow.</summary>
    /// <value>The default value is 5 seconds.</value>
    [TimeSpanRange("00:00:00", "01:00:00")]
    public TimeSpan BreakDuration { get; set; } = RedisConflictTurnsConstants.DefaultBreakDuration;
}
