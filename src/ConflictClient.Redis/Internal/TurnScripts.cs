namespace ConflictClient.Redis.Internal;

/// <summary>
/// The Lua scripts of a fair turn. Keys of one resource: 1 the line (sorted set: waiter, ticket), 2 the waiters' check-in
/// deadlines (sorted set: waiter, server milliseconds), 3 the holder (string, with the lease as its expiry), 4 the
/// version the last holder wrote, 5 the ticket counter. Time is the server's; every key expires when left alone.
/// </summary>
internal static class TurnScripts
{
    private const string Now = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        """;

    /// <summary>
    /// Takes the turn, or joins the line and checks in. ARGV: waiter, lease ms, check-in lifetime ms, idle key lifetime ms.
    /// Returns {1, last version or ''} when the waiter holds the turn; {0, holder's lease left in ms} when it waits.
    /// </summary>
    public const string Acquire = Now + """

        local dead = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 64)
        for _, w in ipairs(dead) do
          redis.call('ZREM', KEYS[2], w)
          redis.call('ZREM', KEYS[1], w)
        end
        local id = ARGV[1]
        local owner = redis.call('GET', KEYS[3])
        if owner == id then
          return {1, redis.call('GET', KEYS[4]) or ''}
        end
        if not redis.call('ZSCORE', KEYS[1], id) then
          redis.call('ZADD', KEYS[1], redis.call('INCR', KEYS[5]), id)
        end
        redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), id)
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        redis.call('PEXPIRE', KEYS[2], ARGV[4])
        redis.call('PEXPIRE', KEYS[5], ARGV[4])
        if not owner and redis.call('ZRANGE', KEYS[1], 0, 0)[1] == id then
          redis.call('SET', KEYS[3], id, 'PX', ARGV[2])
          redis.call('ZREM', KEYS[1], id)
          redis.call('ZREM', KEYS[2], id)
          return {1, redis.call('GET', KEYS[4]) or ''}
        end
        return {0, redis.call('PTTL', KEYS[3])}
        """;

    /// <summary>
    /// Gives the turn back (or leaves the line) and hands it to the next waiter that is still checking in. ARGV: waiter,
    /// version written or '', lease ms, idle key lifetime ms, channel prefix. Tells the next holder on the channel of
    /// its instance (the prefix and the part of its name before ':'), "waiter\nversion", and returns it; or false.
    /// </summary>
    public const string Release = Now + """

        local id = ARGV[1]
        if redis.call('GET', KEYS[3]) == id then
          redis.call('DEL', KEYS[3])
          if ARGV[2] ~= '' then
            redis.call('SET', KEYS[4], ARGV[2], 'PX', ARGV[4])
          else
            redis.call('DEL', KEYS[4])
          end
        else
          redis.call('ZREM', KEYS[1], id)
          redis.call('ZREM', KEYS[2], id)
          if redis.call('EXISTS', KEYS[3]) == 1 then
            return false
          end
        end
        while true do
          local head = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
          if not head then
            return false
          end
          redis.call('ZREM', KEYS[1], head)
          local deadline = redis.call('ZSCORE', KEYS[2], head)
          redis.call('ZREM', KEYS[2], head)
          if deadline and tonumber(deadline) > now then
            redis.call('SET', KEYS[3], head, 'PX', ARGV[3])
            local instance = string.find(head, ':', 1, true)
            if instance then
              redis.call('PUBLISH', ARGV[5] .. string.sub(head, 1, instance - 1), head .. '\n' .. ARGV[2])
            end
            return head
          end
        end
        """;
}
