using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using ConflictClient.Conflicts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Polly;

/// <summary>Adds the conflict-resolution strategy to a resilience pipeline for <see cref="HttpResponseMessage"/>.</summary>
/// <remarks>
/// The pipeline must run inside a <c>Microsoft.Extensions.Http.Resilience.ResilienceHandler</c> (or any handler that puts
/// the request into the context with <c>SetRequestMessage</c>), because the strategy re-sends and re-fetches through it:
/// <code>
/// var pipeline = new ResiliencePipelineBuilder&lt;HttpResponseMessage&gt;().AddConflictResolution(options).Build();
/// var client = new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = new SocketsHttpHandler() });
/// </code>
/// </remarks>
public static class ConflictResolutionPipelineBuilderExtensions
{
    /// <summary>Adds the conflict-resolution strategy.</summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="options">The options; validated here.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ValidationException">The options are invalid; the message names each invalid option.</exception>
    public static ResiliencePipelineBuilder<HttpResponseMessage> AddConflictResolution(
        this ResiliencePipelineBuilder<HttpResponseMessage> builder,
        ConflictResolutionStrategyOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        if (new ConflictResolutionOptionsValidator().Validate(null, options) is { Failed: true } invalid)
        {
            throw new ValidationException($"The conflict resolution options are invalid: {invalid.FailureMessage}");
        }

        return builder.AddConflictResolution(options, NullLogger.Instance);
    }

    // As Polly's own strategies do: the options type is kept whole, so Polly's validation of its data annotations is trim-safe.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "All members of the options type are preserved.")]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(ConflictResolutionStrategyOptions))]
    internal static ResiliencePipelineBuilder<HttpResponseMessage> AddConflictResolution(
        this ResiliencePipelineBuilder<HttpResponseMessage> builder,
        ConflictResolutionStrategyOptions options,
        ILogger logger,
        PollyEventTelemetry? pollyEvents = null) =>
        builder.AddStrategy(
            context => new ConflictResolutionResilienceStrategy(options, context.TimeProvider, context.Telemetry, logger, pollyEvents),
            options);
}
