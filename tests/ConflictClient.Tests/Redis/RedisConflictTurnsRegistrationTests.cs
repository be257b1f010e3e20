using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Redis;
using ConflictClient.Redis.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConflictClient.Tests.Redis;

public sealed class RedisConflictTurnsRegistrationTests
{
    [Fact]
    public void AddRedisConflictTurns_NoServerGiven_FailsAtStartUpSayingWhatToSet()
    {
        var services = new ServiceCollection();
        services.AddHttpClient("todos").AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ClientWins).AddRedisConflictTurns(_ => { });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Single(error.Failures);
        Assert.Contains("HTTP client 'todos'", error.Message, StringComparison.Ordinal);
        Assert.Contains("RedisConflictTurnsOptions.Configuration", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("01:00:00")]
    public void AddRedisConflictTurns_LeaseOutOfRange_FailsAtStartUpNamingIt(string lease)
    {
        var services = new ServiceCollection();
        services.AddHttpClient("todos").AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ClientWins)
            .AddRedisConflictTurns(o => (o.Configuration, o.Lease) = ("localhost:1", TimeSpan.Parse(lease, System.Globalization.CultureInfo.InvariantCulture)));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Lease", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddRedisConflictTurns_CalledTwice_OneSetOfTurnsWithBothConfigurations()
    {
        var services = new ServiceCollection();
        services.AddHttpClient("todos").AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ClientWins)
            .AddRedisConflictTurns(o => o.Configuration = "127.0.0.1:1,abortConnect=false")
            .AddRedisConflictTurns(o => o.Lease = TimeSpan.FromSeconds(2));
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptionsMonitor<ConflictResolutionStrategyOptions>>().Get("todos");

        Assert.NotNull(options.Turns);
        Assert.Same(provider.GetRequiredService<RedisConflictTurnsRegistry>().Resolve("todos"), provider.GetRequiredService<RedisConflictTurnsRegistry>().Resolve("todos"));
        Assert.Single(services, d => d.ServiceType == typeof(RedisConflictTurnsRegistration));
        var turns = provider.GetRequiredService<IOptionsMonitor<RedisConflictTurnsOptions>>().Get("todos");
        Assert.Equal(("127.0.0.1:1,abortConnect=false", TimeSpan.FromSeconds(2)), (turns.Configuration, turns.Lease));
    }
}
