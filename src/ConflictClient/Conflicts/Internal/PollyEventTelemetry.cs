using ConflictClient.Conflicts;
using Polly;
using Polly.Telemetry;

namespace ConflictClient.Conflicts;

/// <summary>
/// Reports the strategy's <c>OnConflict</c> events to Polly's telemetry (its meter, logs and the application's
/// listeners) on the dependency-injection path. The pipeline itself runs without a telemetry listener, so a write that
/// meets no conflict pays nothing for it: Polly's per-call pipeline telemetry allocates on every request.
/// </summary>
internal sealed class PollyEventTelemetry(TelemetryListener listener, ResilienceTelemetrySource source)
{
    public void Report(ResilienceContext context, OnConflictArguments args) =>
        listener.Write(new TelemetryEventArguments<HttpResponseMessage, OnConflictArguments>(source, ConflictResolutionConstants.OnConflictResilienceEvent, context, args, null));
}
