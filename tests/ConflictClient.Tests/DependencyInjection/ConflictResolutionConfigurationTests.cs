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
                "MaxBodySize": 65536,
                "GroupCommit": false,
                "Retry": {
                  "MaxAttempts": 7,
                  "MaxResolutionTime": "00:00:05",
                  "BaseDelay": "00:00:00.050",
                  "MaxDelay": "00:00:03",
                  "RespectRetryAfter": false,
                  "MaxRetryAfter": "00:00:10"
                },
                "Versions": { "ServerManagedPaths": [ "/updatedAt" ], "ConflictResponseCarriesCurrent": true },
                "Creates": { "DuplicatePolicy": "AdoptExisting", "CreateOnly": true, "GenerateIdempotencyKeys": true },
                "Bases": { "CacheSize": 16 }
              }
            }
            """, o => o.Bases.CacheSize = 32);

        var options = Options(host);

        Assert.IsType<ServerWinsMergeStrategy>(options.MergeStrategy);
        Assert.IsType<ConflictClient.Versioning.JsonBodyVersionSource>(options.Versions.Source); // from the CouchDb profile
        Assert.Equal(
            (7, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(3), false, TimeSpan.FromSeconds(10)),
            (options.Retry.MaxAttempts, options.Retry.MaxResolutionTime, options.Retry.BaseDelay, options.Retry.MaxDelay, options.Retry.RespectRetryAfter, options.Retry.MaxRetryAfter));
        Assert.Equal((65536, 32, true, DuplicatePolicy.AdoptExisting, true, true, false), (options.MaxBodySize, options.Bases.CacheSize, options.Versions.ConflictResponseCarriesCurrent, options.Creates.DuplicatePolicy, options.Creates.CreateOnly, options.Creates.GenerateIdempotencyKeys, options.GroupCommit));
        Assert.Contains("/updatedAt", options.Versions.ServerManagedPaths);
    }

    [Fact]
    public async Task StartAsync_InvalidValueInConfiguration_FailsNamingTheClientAsRegisteredAndTheOption()
    {
        using var host = BuildHost("""{ "Todos": { "MergeStrategy": "ClientWins", "Retry": { "MaxAttempts": 0 } } }""");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("HTTP client 'ITodoApi'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConflictResolutionStrategyOptions.Retry.MaxAttempts", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Refit.Implementation", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "Todos": { "MaxAttempt": 3 } }""", "MaxAttempt")]
    [InlineData("""{ "Todos": { "Retry": { "MaxAttempt": 3 } } }""", "MaxAttempt")]
    [InlineData("""{ "Todos": { "Retry": { "MaxAttempts": "many" } } }""", "many")]
    [InlineData("""{ "Todos": { "Retry": { "ListenBeforeRetry": false } } }""", "ListenBeforeRetry")] // removed in 0.2: a leftover key fails loud
    [InlineData("""{ "Todos": { "Retry": { "AdaptiveBackoff": true } } }""", "AdaptiveBackoff")]
    [InlineData("""{ "Todos": { "MergeStrategy": "Newest" } }""", "MergeStrategy 'Newest' is not known. Use one of: ClientWins, ServerWins, Fail, ThreeWay")]
    [InlineData("""{ "Todos": { "Profile": "Oracle" } }""", "Profile 'Oracle' is not known")]
    public async Task StartAsync_UnknownKeyOrValue_FailsNamingClientSectionAndWhatWasWrong(string json, string expected)
    {
        using var host = BuildHost(json);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("HTTP client 'ITodoApi' in configuration section 'Todos'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ConfiguredConflictOptions", error.Message, StringComparison.Ordinal); // public names only
        Assert.DoesNotContain("Section", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_MissingSection_FailsNamingIt()
    {
        using var host = BuildHost("""{ "Todo": { "Retry": { "MaxAttempts": 3 } } }""");

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
        Assert.All(ValueOptions(new ConflictResolutionStrategyOptions()).Keys, path =>
        {
            var property = path.Split('.').Aggregate(typeof(ConfiguredConflictOptions), (type, name) => type.GetProperty(name)?.PropertyType is { } found ? Nullable.GetUnderlyingType(found) ?? found : null!);
            Assert.True(property is not null, $"{path} cannot be set from configuration");
        });
    }

    [Fact]
    public void ConflictResolutionStrategyOptions_Defaults_ArePinned()
    {
        var pinned = new Dictionary<string, object?>
        {
            ["Name"] = "ConflictResolution",
            ["MaxBodySize"] = 1024 * 1024,
            ["GroupCommit"] = true,
            ["Retry.MaxAttempts"] = 50,
            ["Retry.MaxResolutionTime"] = TimeSpan.FromSeconds(30),
            ["Retry.BaseDelay"] = TimeSpan.FromMilliseconds(10),
            ["Retry.MaxDelay"] = TimeSpan.FromSeconds(1),
            ["Retry.RespectRetryAfter"] = true,
            ["Retry.MaxRetryAfter"] = TimeSpan.FromSeconds(30),
            ["Versions.ConflictResponseCarriesCurrent"] = false,
            ["Versions.ServerManagedPaths"] = 0,
            ["Creates.DuplicatePolicy"] = DuplicatePolicy.Fail,
            ["Creates.CreateOnly"] = false,
            ["Creates.GenerateIdempotencyKeys"] = false,
            ["Bases.CacheSize"] = 4 * 1024 * 1024,
        };
        var options = new ConflictResolutionStrategyOptions();

        Assert.Equal(pinned.OrderBy(p => p.Key), ValueOptions(options).OrderBy(p => p.Key));
        Assert.Same(ConflictClient.Versioning.VersionSource.ETag, options.Versions.Source);
        Assert.Same(ConflictResolutionConstants.DefaultShouldHandle, options.ShouldHandle);
        Assert.Empty(options.ConflictRules);
        Assert.Equal((null, null, null, null), (options.MergeStrategy, options.OnConflict, options.ForRequest, options.Creates.ExistingResourceLocator));
    }

    /// <summary>Every value option, by its path (<c>Retry.MaxAttempts</c>); lists give their count.</summary>
    private static Dictionary<string, object?> ValueOptions(ConflictResolutionStrategyOptions options)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        void Walk(object target, string prefix)
        {
            foreach (var property in target.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0))
            {
                var value = property.GetValue(target);
                if (property.PropertyType.IsValueType || property.PropertyType == typeof(string))
                {
                    values[prefix + property.Name] = value;
                }
                else if (property.PropertyType == typeof(IList<string>))
                {
                    values[prefix + property.Name] = ((IList<string>)value!).Count;
                }
                else if (property.PropertyType.Name.StartsWith("Conflict", StringComparison.Ordinal) && property.PropertyType.Name.EndsWith("Options", StringComparison.Ordinal))
                {
                    Walk(value!, $"{prefix}{property.Name}.");
                }
            }
        }

        Walk(options, string.Empty);
        return values;
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
        builder.Services.AddRefitGeneratedClient<ITodoApi>(TestJson.Refit().UseConflictExceptions())
            .ConfigureHttpClient(c => c.BaseAddress = new Uri("http://127.0.0.1:9"))
            .AddConflictResolution(builder.Configuration.GetSection("Todos"), configure);
        return builder.Build();
    }
}
