using Microsoft.Extensions.Options;

namespace ConflictClient.Redis.Internal;

/// <summary>Fails start-up when a client's turns have no server to talk to.</summary>
internal sealed class RedisConnectionValidator : IValidateOptions<RedisConflictTurnsOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisConflictTurnsOptions options) =>
        options.Configuration is not { Length: > 0 } && options.Connection is null
            ? ValidateOptionsResult.Fail(
                $"Redis conflict turns of HTTP client '{name}': set RedisConflictTurnsOptions.Configuration (for example \"localhost:6379\") " +
                "or RedisConflictTurnsOptions.Connection (a connection of the application's) in AddRedisConflictTurns.")
            : string.IsNullOrWhiteSpace(options.KeyPrefix)
                ? ValidateOptionsResult.Fail($"Redis conflict turns of HTTP client '{name}': RedisConflictTurnsOptions.KeyPrefix must not be empty.")
                : ValidateOptionsResult.Success;
}
