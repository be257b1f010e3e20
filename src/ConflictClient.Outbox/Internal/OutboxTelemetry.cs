using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ConflictClient.Outbox.Internal;

/// <summary>
/// The outbox's meter and activity source, both named <c>ConflictClient.Outbox</c>: writes ended per outcome, the
/// time an enqueue takes, the writes waiting, and an activity per send.
/// </summary>
internal sealed class OutboxTelemetry : IDisposable
{
    public static readonly ActivitySource Source = new(ConflictOutboxConstants.TelemetryName);

    private readonly Meter _meter;

    public OutboxTelemetry(IMeterFactory? meterFactory, Func<int> waiting)
    {
        _meter = meterFactory?.Create(ConflictOutboxConstants.TelemetryName) ?? new Meter(ConflictOutboxConstants.TelemetryName);
        Ended = _meter.CreateCounter<long>("conflictclient.outbox.writes", "{write}", "Queued writes that ended (or were parked), by outcome.");
        EnqueueDuration = _meter.CreateHistogram(
            "conflictclient.outbox.enqueue.duration", "s", "How long an enqueue took, until the write was durable.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });
        _meter.CreateObservableGauge("conflictclient.outbox.waiting", waiting, "{write}", "Queued writes that have not ended (queued, being sent, parked).");
    }

    public Counter<long> Ended { get; }

    public Histogram<double> EnqueueDuration { get; }

    public static string OutcomeTag(OutboxOutcomeKind kind) => kind switch
    {
        OutboxOutcomeKind.Applied => "applied",
        OutboxOutcomeKind.NotApplied => "not_applied",
        OutboxOutcomeKind.OutcomeUnknown => "outcome_unknown",
        OutboxOutcomeKind.Parked => "parked",
        _ => "none",
    };

    public void Dispose() => _meter.Dispose();
}
