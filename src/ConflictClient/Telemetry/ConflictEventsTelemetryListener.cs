using Polly.Telemetry;

namespace ConflictClient.Telemetry;

/// <summary>
/// Passes Polly's telemetry on for the strategy's events (<c>OnConflict</c>) only. A write that meets no conflict stays
/// as cheap as a plain send: no per-call pipeline logs or duration histogram, which Polly would add for each request
/// (Microsoft.Extensions.Http.Resilience pipelines record those; this library's own meter covers resolutions).
/// </summary>
internal sealed class ConflictEventsTelemetryListener(TelemetryListener inner) : TelemetryListener
{
    public override void Write<TResult, TArgs>(in TelemetryEventArguments<TResult, TArgs> args)
    {
        if (args.Arguments is PipelineExecutingArguments or PipelineExecutedArguments)
        {
            return;
        }

        inner.Write(in args);
    }
}
