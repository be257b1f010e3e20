using ConflictClient.Conflicts;
using ConflictClient.Redis;
using ConflictClient.Redis.Internal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers fair turns on Redis for a client's contended writes.</summary>
public static class RedisConflictTurnsHttpClientBuilderExtensions
{
    /// <summary>
    /// Gives the writers of a contended resource one order across processes, on Redis: sets
    /// <see cref="ConflictResolutionStrategyOptions.Turns"/> of the client's conflict resolution (call
    /// <c>AddConflictResolution</c> as well). Options are validated at start-up; calling it again configures the same
    /// options again and adds nothing else.
    /// </summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="configure">Sets <see cref="RedisConflictTurnsOptions.Configuration"/> or <see cref="RedisConflictTurnsOptions.Connection"/>, and any other option.</param>
    /// <returns>The same builder.</returns>
    public static IHttpClientBuilder AddRedisConflictTurns(this IHttpClientBuilder builder, Action<RedisConflictTurnsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var name = builder.Name;
        builder.Services.AddOptions<RedisConflictTurnsOptions>(name).Configure(configure);
        if (builder.Services.Any(d => d.ServiceType == typeof(RedisConflictTurnsRegistration) && d.ImplementationInstance is RedisConflictTurnsRegistration { ClientName: var registered } && registered == name))
        {
            return builder;
        }

        builder.Services.AddSingleton(new RedisConflictTurnsRegistration(name));
        builder.Services.AddOptions<RedisConflictTurnsOptions>(name).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisConflictTurnsOptions>, RedisConflictTurnsOptionsValidator>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisConflictTurnsOptions>, RedisConnectionValidator>());
        builder.Services.TryAddSingleton<RedisConflictTurnsRegistry>();
        builder.Services.AddOptions<ConflictResolutionStrategyOptions>(name)
            .Configure<RedisConflictTurnsRegistry>((options, registry) => options.Turns = registry.Get(name));
        return builder;
    }
}
