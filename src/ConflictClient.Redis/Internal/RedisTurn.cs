using ConflictClient.Conflicts;
using StackExchange.Redis;

namespace ConflictClient.Redis.Internal;

/// <summary>A writer's turn on Redis; released once.</summary>
internal sealed class RedisTurn(RedisConflictTurns turns, IDatabase database, RedisKey[] keys, string id, string? previousVersion) : ConflictTurn
{
    private int _released;

    public override string? PreviousVersion => previousVersion;

    public override ValueTask ReleaseAsync(string? writtenVersion) =>
        Interlocked.Exchange(ref _released, 1) == 0 ? turns.ReleaseAsync(database, keys, id, writtenVersion) : ValueTask.CompletedTask;
}
