using ConflictClient.Conflicts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Refit;

namespace ConflictClient.Tests.Support;

/// <summary>Builds Refit clients the way users do: IHttpClientFactory, AddRefitGeneratedClient, AddConflictResolution.</summary>
public static class TestClients
{
    public static ServiceProvider Create<TApi>(
        Uri baseUri,
        Action<ConflictResolutionStrategyOptions> configure,
        TimeProvider? timeProvider = null,
        Action<IHttpClientBuilder>? client = null,
        RefitSettings? refitSettings = null)
        where TApi : class
    {
        var services = new ServiceCollection();
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        var builder = services
            .AddRefitGeneratedClient<TApi>(refitSettings ?? TestJson.Refit().UseConflictExceptions())
            .ConfigureHttpClient(c => c.BaseAddress = baseUri)
            .AddConflictResolution(options =>
            {
                options.Randomizer = () => 0.5;
                configure(options);
            });
        client?.Invoke(builder);
        return services.BuildServiceProvider(validateScopes: true);
    }

    /// <summary>A fake clock that has moved on from its start, so Retry-After dates are meaningful.</summary>
    public static FakeTimeProvider FakeTime() => new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
}
