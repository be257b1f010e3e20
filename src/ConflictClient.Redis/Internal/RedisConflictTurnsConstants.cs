namespace ConflictClient.Redis.Internal;

/// <summary>The defaults of <see cref="RedisConflictTurnsOptions"/>.</summary>
internal static class RedisConflictTurnsConstants
{
    public const string DefaultKeyPrefix = "conflictclient:turn:";

    /// <summary>How long the keys of a resource nobody writes any more stay in Redis.</summary>
    public static readonly TimeSpan IdleKeyLifetime = TimeSpan.FromHours(1);

    public static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan DefaultMaxWait = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromMilliseconds(250);

    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan DefaultBreakDuration = TimeSpan.FromSeconds(5);
}
