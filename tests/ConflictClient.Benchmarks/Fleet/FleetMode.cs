namespace ConflictClient.Benchmarks.Fleet;

/// <summary>How the fleet's writers are ordered.</summary>
public enum FleetMode
{
    /// <summary>No turns: each writer retries on its own (default options).</summary>
    Independent,

    /// <summary>Redis turns (ConflictClient.Redis), Redis up throughout.</summary>
    RedisTurns,

    /// <summary>Redis turns, and Redis stopped once a third of the writes were applied.</summary>
    RedisKilled,

    /// <summary>Redis turns, Redis behind 5 ms of added round-trip latency.</summary>
    RedisSlow,
}
