using System.Diagnostics.CodeAnalysis;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Profiles;
using Microsoft.Extensions.Configuration;

namespace ConflictClient.DependencyInjection;

/// <summary>
/// Binds <see cref="ConflictResolutionStrategyOptions"/> from a configuration section: the profile first (so the
/// section's values override it), then every value option by its property name, then the merge strategy by name.
/// An unknown key or value fails at start-up, naming it, instead of being ignored.
/// </summary>
internal static class ConflictResolutionConfiguration
{
    private static readonly Dictionary<string, Func<MergeStrategy>> MergeStrategies = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ClientWins"] = () => MergeStrategy.ClientWins,
        ["ServerWins"] = () => MergeStrategy.ServerWins,
        ["Fail"] = () => MergeStrategy.Fail,
        ["ThreeWay"] = () => MergeStrategy.ThreeWay(),
    };

    private static readonly Dictionary<string, ConflictProfile> Profiles = new(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(ConflictProfiles.CouchDb)] = ConflictProfiles.CouchDb,
        [nameof(ConflictProfiles.Kubernetes)] = ConflictProfiles.Kubernetes,
        [nameof(ConflictProfiles.AzureTables)] = ConflictProfiles.AzureTables,
        [nameof(ConflictProfiles.AzureBlobs)] = ConflictProfiles.AzureBlobs,
        [nameof(ConflictProfiles.CosmosDb)] = ConflictProfiles.CosmosDb,
        [nameof(ConflictProfiles.AmazonS3)] = ConflictProfiles.AmazonS3,
        [nameof(ConflictProfiles.GoogleCloudStorage)] = ConflictProfiles.GoogleCloudStorage,
        [nameof(ConflictProfiles.Elasticsearch)] = ConflictProfiles.Elasticsearch,
        [nameof(ConflictProfiles.GitHub)] = ConflictProfiles.GitHub,
        [nameof(ConflictProfiles.MicrosoftGraph)] = ConflictProfiles.MicrosoftGraph,
        [nameof(ConflictProfiles.GoogleIamPolicy)] = ConflictProfiles.GoogleIamPolicy,
        [nameof(ConflictProfiles.Fhir)] = ConflictProfiles.Fhir,
    };

    public static void Bind(IConfiguration section, ConflictResolutionStrategyOptions options, string client)
    {
        if (section is IConfigurationSection { Value: null } named && !named.GetChildren().Any())
        {
            // An empty or misspelt section would silently leave every option at its default.
            throw new InvalidOperationException(
                $"Conflict resolution options of {client}: configuration section '{named.Path}' is missing or empty. Check its name, or " +
                "call AddConflictResolution(configure) when the options are set in code only.");
        }

        ConfiguredConflictOptions configured;
        try
        {
            configured = section.Get<ConfiguredConflictOptions>(binder => binder.ErrorOnUnknownConfiguration = true) ?? new();
        }
        catch (InvalidOperationException e)
        {
            // The binder names the unknown key or the value it could not convert, and the type it expected.
            throw new InvalidOperationException($"Conflict resolution options of {client} in configuration section '{Path(section)}': {PublicNames(e.Message)}", e);
        }

        if (configured.Profile is { Length: > 0 } profile)
        {
            options.Use(Profiles.TryGetValue(profile, out var found) ? found : throw Invalid(client, section, "Profile", profile, Profiles.Keys));
        }

        configured.ApplyTo(options);
        if (configured.MergeStrategy is { Length: > 0 } merge)
        {
            options.MergeStrategy = MergeStrategies.TryGetValue(merge, out var create) ? create() : throw Invalid(client, section, "MergeStrategy", merge, MergeStrategies.Keys);
        }
    }

    /// <summary>
    /// Names a client for people: <c>ITodoApi</c>, not the assembly-qualified name of the type Refit generated for it
    /// (which <c>AddRefitGeneratedClient</c> uses as the client's name).
    /// </summary>
    public static string DisplayName(string? name) =>
        string.IsNullOrEmpty(name) ? "the HTTP client" : $"HTTP client '{ShortName(name)}'";

    /// <summary>A client's name for people and telemetry: a Refit client's interface (<c>ITodoApi</c>), else the name as given.</summary>
    public static string ShortName(string name) => RefitInterfaceName(name) ?? name;

    // Display only: a name that is not a loadable type (a named client, "Orders, EU"), or a type trimmed away, shows as it is.
    [UnconditionalSuppressMessage("Trimming", "IL2057", Justification = "Used to display a client's name only; falls back when the type is not found.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Used to display a client's name only; falls back when the interfaces are not kept.")]
    private static string? RefitInterfaceName(string name)
    {
        if (!name.Contains(", ", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            // Refit names the generated type after the interface: pick the interface whose name ends it.
            var type = Type.GetType(name, throwOnError: false);
            return type?.GetInterfaces().Where(i => type.Name.EndsWith(i.Name, StringComparison.Ordinal)).MaxBy(i => i.Name.Length)?.Name;
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or ArgumentException or TypeLoadException)
        {
            return null;
        }
    }

    /// <summary>The binder names the types it binds: the public options they stand for, not the internal sections.</summary>
    private static string PublicNames(string message) => message
        .Replace(typeof(ConfiguredConflictOptions.RetrySection).FullName!, "ConflictRetryOptions (Retry)", StringComparison.Ordinal)
        .Replace(typeof(ConfiguredConflictOptions.VersionsSection).FullName!, "ConflictVersionOptions (Versions)", StringComparison.Ordinal)
        .Replace(typeof(ConfiguredConflictOptions.CreatesSection).FullName!, "ConflictCreateOptions (Creates)", StringComparison.Ordinal)
        .Replace(typeof(ConfiguredConflictOptions.BasesSection).FullName!, "ConflictBaseOptions (Bases)", StringComparison.Ordinal)
        .Replace(typeof(ConfiguredConflictOptions).FullName!, "ConflictResolutionStrategyOptions", StringComparison.Ordinal);

    private static string Path(IConfiguration section) => section is IConfigurationSection named ? named.Path : string.Empty;

    private static InvalidOperationException Invalid(string client, IConfiguration section, string key, string value, IEnumerable<string> allowed) =>
        new($"Conflict resolution options of {client} in configuration section '{Path(section)}': {key} '{value}' is not known. " +
            $"Use one of: {string.Join(", ", allowed)}; or set it in code.");
}
