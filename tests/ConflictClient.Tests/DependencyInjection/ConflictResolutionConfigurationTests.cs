using System.Text;
using ConflictClient.Conflicts;
using ConflictClient.DependencyInjection;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Refit;

namespace ConflictClient.Tests.DependencyInjection;

/// <summary>Options bound from an appsettings.json section per client, validated when the host starts.</summary>
public sealed class ConflictResolutionConfigurationTests
{
    [Fact]
    public void AddConflictResolution_JsonSection_BindsValuesProfileAndMergeStrategyThenCodeWins()
    {
        using var host = BuildHost("""
            {
              "Todos": {
                "Profile": "CouchDb",
                "MergeStrategy": "ServerWins",
                "MaxAttempts": 7,
                "MaxResolutionTime": "00:00:05",
                "BaseDelay": "00:00:00.050",
                "MaxDelay": "00:00:03",
                "AdaptiveBackoff": false,
                "ListenBeforeRetry": false,
                "RespectRetryAfter": false,
                "MaxRetryAfter": "00:00:10",
                "MaxBodySize": 65536,
                "BaseCacheSize": 16,
                "ServerManagedPaths": [ "/updatedAt" ],
                "ConflictResponseCarriesCurrent": true,
                "DuplicatePolicy": "AdoptExisting",
                "CreateOnly": true,
                "GenerateIdempotencyKeys": true,
                "GroupCommit": false
              }
            }
            """, o => o.BaseCacheSize = 32);

        var options = Options(host);

        Assert.IsType<ServerWinsMergeStrategy>(options.MergeStrategy);
        Assert.IsType<ConflictClient.Versioning.JsonBodyVersionSource>(options.VersionSource); // from the CouchDb profile
        Assert.Equal(
            (7, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(3), false, false, false, TimeSpan.FromSeconds(10)),
            (options.MaxAttempts, options.MaxResolutionTime, options.BaseDelay, options.MaxDelay, options.AdaptiveBackoff, options.ListenBeforeRetry, options.RespectRetryAfter, options.MaxRetryAfter));
        Assert.Equal((65536, 32, true, DuplicatePolicy.AdoptExisting, true, true, false), (options.MaxBodySize, options.BaseCacheSize, options.ConflictResponseCarriesCurrent, options.DuplicatePolicy, options.CreateOnly, options.GenerateIdempotencyKeys, options.GroupCommit));
        Assert.Contains("/updatedAt", options.ServerManagedPaths);
    }

    [Fact]
    public async Task StartAsync_InvalidValueInConfiguration_FailsNamingTheClientAsRegisteredAndTheOption()
    {
        using var host = BuildHost("""{ "Todos": { "MergeStrategy": "ClientWins", "MaxAttempts": 0 } }""");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("HTTP client 'ITodoApi'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConflictResolutionStrategyOptions.MaxAttempts", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Refit.Implementation", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "Todos": { "MaxAttempt": 3 } }""", "MaxAttempt")]
    [InlineData("""{ "Todos": { "MaxAttempts": "many" } }""", "many")]
    [InlineData("""{ "Todos": { "MergeStrategy": "Newest" } }""", "MergeStrategy 'Newest' is not known. Use one of: ClientWins, ServerWins, Fail, ThreeWay")]
    [InlineData("""{ "Todos": { "Profile": "Oracle" } }""", "Profile 'Oracle' is not known")]
    public async Task StartAsync_UnknownKeyOrValue_FailsNamingClientSectionAndWhatWasWrong(string json, string expected)
    {
        using var host = BuildHost(json);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("HTTP client 'ITodoApi' in configuration section 'Todos'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_MissingSection_FailsNamingIt()
    {
        using var host = BuildHost("""{ "Todo": { "MaxAttempts": 3 } }""");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("HTTP client 'ITodoApi': configuration section 'Todos' is missing or empty", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("orders", "HTTP client 'orders'")]
    [InlineData("Orders, EU", "HTTP client 'Orders, EU'")]
    [InlineData(null, "the HTTP client")]
    public void DisplayName_NamedClients_AreShownAsRegistered(string? name, string expected) =>
        Assert.Equal(expected, ConflictResolutionConfiguration.DisplayName(name));

    [Fact]
    public void ConfiguredConflictOptions_CoversEveryValueOption()
    {
        var configurable = typeof(ConfiguredConflictOptions).GetProperties().Select(p => p.Name).ToHashSet();
        var valueOptions = typeof(ConflictResolutionStrategyOptions).GetProperties()
            .Where(p => p.PropertyType.IsValueType || p.PropertyType == typeof(string) || p.PropertyType == typeof(IList<string>))
            .Select(p => p.Name);

        Assert.All(valueOptions, name => Assert.Contains(name, configurable));
    }

    [Fact]
    public void ConflictResolutionStrategyOptions_Defaults_ArePinned()
    {
        var options = new ConflictResolutionStrategyOptions();
        var pinned = new Dictionary<string, object?>
        {
            ["Name"] = "ConflictResolution",
            ["MaxAttempts"] = 50,
            ["MaxResolutionTime"] = TimeSpan.FromSeconds(30),
            ["BaseDelay"] = TimeSpan.FromMilliseconds(20),
            ["AdaptiveBackoff"] = true,
            ["ListenBeforeRetry"] = true,
            ["MaxDelay"] = TimeSpan.FromSeconds(2),
            ["RespectRetryAfter"] = true,
            ["MaxRetryAfter"] = TimeSpan.FromSeconds(30),
            ["MaxBodySize"] = 1024 * 1024,
            ["BaseCacheSize"] = 4 * 1024 * 1024,
            ["ConflictResponseCarriesCurrent"] = false,
            ["DuplicatePolicy"] = DuplicatePolicy.Fail,
            ["CreateOnly"] = false,
            ["GenerateIdempotencyKeys"] = false,
            ["GroupCommit"] = true,
            ["MergeStrategy"] = null,
            ["VersionSourceSelector"] = null,
            ["ResourceLocator"] = null,
            ["DuplicatePolicySelector"] = null,
            ["ExistingResourceLocator"] = null,
            ["OnConflict"] = null,
        };

        Assert.Same(ConflictClient.Versioning.VersionSource.ETag, options.VersionSource);
        Assert.Same(ConflictResolutionConstants.DefaultShouldHandle, options.ShouldHandle);
        Assert.Empty(options.ServerManagedPaths);
        Assert.Empty(options.ConflictRules);
        var checkedElsewhere = new[] { "VersionSource", "ShouldHandle", "ServerManagedPaths", "ConflictRules" };
        Assert.Equal(
            typeof(ConflictResolutionStrategyOptions).GetProperties().Select(p => p.Name).Except(checkedElsewhere).Order(),
            pinned.Keys.Order());
        Assert.All(pinned, p => Assert.Equal(p.Value, typeof(ConflictResolutionStrategyOptions).GetProperty(p.Key)!.GetValue(options)));
    }

    private static ConflictResolutionStrategyOptions Options(IHost host)
    {
        var name = host.Services.GetServices<IConfigureOptions<ConflictResolutionStrategyOptions>>().OfType<IConfigureNamedOptions<ConflictResolutionStrategyOptions>>()
            .OfType<ConfigureNamedOptions<ConflictResolutionStrategyOptions, IServiceProvider>>().Single().Name!;
        return host.Services.GetRequiredService<IOptionsMonitor<ConflictResolutionStrategyOptions>>().Get(name);
    }

    private static IHost BuildHost(string json, Action<ConflictResolutionStrategyOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        builder.Services.AddRefitGeneratedClient<ITodoApi>(new RefitSettings().UseConflictExceptions())
            .ConfigureHttpClient(c => c.BaseAddress = new Uri("http://127.0.0.1:9"))
            .AddConflictResolution(builder.Configuration.GetSection("Todos"), configure);
        return builder.Build();
    }
}
