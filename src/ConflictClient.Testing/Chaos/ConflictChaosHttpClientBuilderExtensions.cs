using ConflictClient.Testing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds conflict chaos to an <see cref="IHttpClientBuilder"/>, for integration tests of the merge path.</summary>
public static class ConflictChaosHttpClientBuilderExtensions
{
    /// <summary>The name of the resilience handler this adds.</summary>
    public const string HandlerName = "conflict-chaos";

    /// <summary>
    /// Answers a share of this client's writes with a conflict before they are sent. Call it after
    /// <c>AddConflictResolution</c>, so the handler runs inside it and each injected conflict is resolved.
    /// </summary>
    /// <param name="builder">The HTTP client builder.</param>
    /// <param name="configure">Sets what to inject.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">The options are invalid.</exception>
    public static IHttpClientBuilder AddConflictChaos(this IHttpClientBuilder builder, Action<ConflictChaosOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ConflictChaosOptions();
        configure(options);
        ConflictChaosPipelineBuilderExtensions.Validate(options); // fail at registration, not at the first write
        builder.AddResilienceHandler(HandlerName, pipeline => pipeline.AddChaosConflict(options));
        return builder;
    }
}
