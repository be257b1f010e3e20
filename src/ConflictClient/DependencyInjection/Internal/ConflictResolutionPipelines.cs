using System.Collections.Concurrent;
using ConflictClient.Conflicts;
using ConflictClient.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Telemetry;

namespace ConflictClient.DependencyInjection;

/// <summary>
/// One conflict-resolution pipeline per named client, built on first use and kept for the container's lifetime:
/// handlers are recycled every few minutes, but a client's group-commit queues, round-trip estimate and remembered
/// bases must outlive them.
/// </summary>
internal sealed class ConflictResolutionPipelines(IServiceProvider services)
{
    private readonly ConcurrentDictionary<string, Lazy<ResiliencePipeline<HttpResponseMessage>>> _pipelines = new(StringComparer.Ordinal);

    public ResiliencePipeline<HttpResponseMessage> Get(string clientName) =>
        _pipelines.GetOrAdd(clientName, static (name, services) => new(() => Build(name, services)), services).Value;

    private static ResiliencePipeline<HttpResponseMessage> Build(string clientName, IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptionsMonitor<ConflictResolutionStrategyOptions>>().Get(clientName);
        var loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;

        // Stable across releases and short: Refit's generated type name carries the assembly's version.
        var instanceName = ConflictResolutionConfiguration.ShortName(clientName);

        // Polly's own telemetry (its "Polly" meter, its logs and the TelemetryOptions the application configured, as
        // Microsoft.Extensions.Http.Resilience uses them) receives the strategy's OnConflict events. The pipeline gets no
        // listener: Polly's per-call pipeline telemetry would cost every write that meets no conflict.
        var telemetry = new TelemetryOptions(services.GetService<IOptions<TelemetryOptions>>()?.Value ?? new TelemetryOptions());
        if (telemetry.LoggerFactory is NullLoggerFactory)
        {
            telemetry.LoggerFactory = loggerFactory;
        }

        var pollyEvents = new ResiliencePipelineBuilder().ConfigureTelemetry(telemetry).TelemetryListener is { } listener
            ? new PollyEventTelemetry(listener, new ResilienceTelemetrySource(ConflictResolutionHttpClientBuilderExtensions.PipelineName, instanceName, options.Name))
            : null;
        return new ResiliencePipelineBuilder<HttpResponseMessage>
        {
            Name = ConflictResolutionHttpClientBuilderExtensions.PipelineName,
            InstanceName = instanceName,
            TimeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System,
        }
        .AddConflictResolution(options, loggerFactory.CreateLogger("ConflictClient"), pollyEvents)
        .Build();
    }
}
