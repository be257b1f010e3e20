using ConflictClient.Conflicts;
using ConflictClient.DependencyInjection;
using ConflictClient.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds conflict resolution to an <see cref="IHttpClientBuilder"/> (a typed Refit client or a named HttpClient).</summary>
public static class ConflictResolutionHttpClientBuilderExtensions
{
    /// <summary>The name of the resilience pipeline this adds to each client (its instance name is the client's name).</summary>
    public const string PipelineName = "conflict-resolution";

    /// <summary>
    /// Adds a handler that resolves write conflicts: on 409 or 412 it re-fetches the resource, merges with the configured
    /// strategy, and retries with the current version. The options are validated when the host starts.
    /// </summary>
    /// <remarks>
    /// Handlers added after this one run inside it, so chain <c>.AddStandardResilienceHandler()</c> after it: each write
    /// attempt and each re-fetch then gets its own transient retries, timeouts and circuit breaker. Redirects are
    /// followed by this handler instead of the primary handler, within the origin only: a redirect to another origin is
    /// returned as it is, so no credential leaves the origin.
    /// </remarks>
    /// <param name="builder">The HTTP client builder.</param>
    /// <param name="configure">Sets the options; <see cref="ConflictResolutionStrategyOptions.MergeStrategy"/> is required.</param>
    /// <returns>The same builder, to chain further handlers.</returns>
    public static IHttpClientBuilder AddConflictResolution(this IHttpClientBuilder builder, Action<ConflictResolutionStrategyOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.AddConflictResolution((options, _) => configure(options));
    }

    /// <summary>
    /// Adds a handler that resolves write conflicts, with options bound from configuration (an <c>appsettings.json</c>
    /// section per client), then <paramref name="configure"/> for what configuration cannot hold (delegates, a custom
    /// merge, a version source). The options are validated when the host starts.
    /// </summary>
    /// <remarks>
    /// The section holds options by their property names (<c>"MaxAttempts": 10</c>, <c>"BaseDelay": "00:00:00.050"</c>,
    /// <c>"DuplicatePolicy": "AdoptExisting"</c>), a <c>"Profile"</c> applied first (<c>"CouchDb"</c>, <c>"Kubernetes"</c>, …, see
    /// <see cref="ConflictClient.Profiles.ConflictProfiles"/>) and a <c>"MergeStrategy"</c> by name (<c>"ClientWins"</c>,
    /// <c>"ServerWins"</c>, <c>"Fail"</c>, <c>"ThreeWay"</c>). An unknown key or name fails at start-up, naming it.
    /// </remarks>
    /// <param name="builder">The HTTP client builder.</param>
    /// <param name="section">The configuration section of this client's options.</param>
    /// <param name="configure">Sets what configuration cannot; runs after binding, so it wins.</param>
    /// <returns>The same builder, to chain further handlers.</returns>
    public static IHttpClientBuilder AddConflictResolution(this IHttpClientBuilder builder, IConfiguration section, Action<ConflictResolutionStrategyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        var client = ConflictResolutionConfiguration.DisplayName(builder.Name);
        return builder.AddConflictResolution((options, _) =>
        {
            ConflictResolutionConfiguration.Bind(section, options, client);
            configure?.Invoke(options);
        });
    }

    /// <summary>
    /// Adds a handler that resolves write conflicts, with options that may use services (for example the API's
    /// <see cref="System.Text.Json.JsonSerializerOptions"/>). The options are validated when the host starts.
    /// </summary>
    /// <param name="builder">The HTTP client builder.</param>
    /// <param name="configure">Sets the options; <see cref="ConflictResolutionStrategyOptions.MergeStrategy"/> is required.</param>
    /// <returns>The same builder, to chain further handlers.</returns>
    public static IHttpClientBuilder AddConflictResolution(this IHttpClientBuilder builder, Action<ConflictResolutionStrategyOptions, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        // Options are named after the client, so each client keeps its own and all are validated at start-up. A second
        // call configures the same options again, and adds nothing else: one handler, one send counter per client.
        var optionsName = builder.Name;
        builder.Services
            .AddOptions<ConflictResolutionStrategyOptions>(optionsName)
            .Configure<IServiceProvider>((options, services) => configure(options, services));
        if (builder.Services.Any(d => d.ServiceType == typeof(ConflictResolutionRegistration) && d.ImplementationInstance is ConflictResolutionRegistration { ClientName: var name } && name == optionsName))
        {
            return builder;
        }

        builder.Services.AddSingleton(new ConflictResolutionRegistration(optionsName));
        builder.Services.AddOptions<ConflictResolutionStrategyOptions>(optionsName).ValidateOnStart();
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<ConflictResolutionStrategyOptions>, ConflictResolutionStartupValidator>());

        builder.Services.TryAddSingleton<ConflictResolutionPipelines>();
        builder.AddHttpMessageHandler(services => new ConflictResolutionHandler(services.GetRequiredService<ConflictResolutionPipelines>().Get(optionsName)));

        // The conflict handler follows redirects itself, so a re-fetch's credentials never reach another origin.
        builder.ConfigurePrimaryHttpMessageHandler((handler, _) => RedirectPolicy.DisableAutoRedirect(handler));

        // Innermost, after every handler the application adds: counts each send of a write, transient resends included.
        builder.Services.PostConfigure<HttpClientFactoryOptions>(optionsName, options =>
            options.HttpMessageHandlerBuilderActions.Add(handlers => handlers.AdditionalHandlers.Add(new SendCounter())));

        return builder;
    }
}
