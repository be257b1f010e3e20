namespace ConflictClient.Redis.Internal;

/// <summary>Marks a client whose turns are registered, so a second call adds nothing twice.</summary>
internal sealed record RedisConflictTurnsRegistration(string ClientName);
