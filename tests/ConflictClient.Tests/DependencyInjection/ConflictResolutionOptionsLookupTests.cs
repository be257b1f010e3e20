using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace ConflictClient.Tests.DependencyInjection;

/// <summary>A client's options, read back by the name people use for it.</summary>
public sealed class ConflictResolutionOptionsLookupTests
{
    [Fact]
    public async Task GetConflictResolutionOptions_RefitClientByInterfaceName_ReturnsItsOptions()
    {
        var services = new ServiceCollection();
        services.AddRefitGeneratedClient<ITodoApi>(TestJson.Refit()).ConfigureHttpClient(c => c.BaseAddress = new Uri("http://api.test"))
            .AddConflictResolution(o => (o.MergeStrategy, o.Retry.MaxAttempts) = (MergeStrategy.ClientWins, 7));
        services.AddHttpClient("orders").AddConflictResolution(o => (o.MergeStrategy, o.Retry.MaxAttempts) = (MergeStrategy.ServerWins, 3));
        await using var provider = services.BuildServiceProvider();

        Assert.Equal(7, provider.GetConflictResolutionOptions("ITodoApi").Retry.MaxAttempts);
        Assert.Equal(7, provider.GetConflictResolutionOptions<ITodoApi>().Retry.MaxAttempts);
        Assert.Equal(3, provider.GetConflictResolutionOptions("orders").Retry.MaxAttempts);
    }

    [Fact]
    public async Task GetConflictResolutionOptions_UnknownName_FailsListingTheClientsThatHaveIt()
    {
        var services = new ServiceCollection();
        services.AddHttpClient("orders").AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ServerWins);
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetConflictResolutionOptions("Orders"));

        Assert.Contains("'Orders'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'orders'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConflictRule_WithoutAKind_IsRefusedSayingWhichKindsThereAre()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ConflictRule.ForErrorCode("X", ConflictKind.None));

        Assert.Contains("VersionConflict", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => ConflictRule.When(_ => true, (ConflictKind)99));
    }

    [Fact]
    public void Defaults_OfTheEnums_AreNone()
    {
        Assert.Equal(ConflictKind.None, default(ConflictKind));
        Assert.Equal(ConflictFailureReason.None, default(ConflictFailureReason));
        Assert.Equal(ConflictClient.Reporting.ConflictFieldWinner.None, default(ConflictClient.Reporting.ConflictFieldWinner));
        Assert.Equal(ConflictFailureReason.None, new ConflictException("x").Reason);
    }
}
