using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ConflictClient.Redis.Internal;

/// <summary>The package's meter, <c>ConflictClient.Redis</c>: how turns were asked for, and how long writers waited.</summary>
internal static class RedisTurnsTelemetry
{
    public const string MeterName = "ConflictClient.Redis";

    private static readonly Meter Meter = new(MeterName, typeof(RedisTurnsTelemetry).Assembly.GetName().Version?.ToString(3));

    private static readonly Histogram<double> Wait = Meter.CreateHistogram(
        "conflictclient.turn.wait.duration",
        unit: "s",
        description: "How long a writer waited for its turn at a contended resource, by result.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    public static void Taken(TurnResult result, TimeSpan waited) =>
        Wait.Record(waited.TotalSeconds, new TagList { { "conflictclient.turn.result", Name(result) } });

    private static string Name(TurnResult result) => result switch
    {
        TurnResult.Granted => "granted",
        TurnResult.Unavailable => "unavailable",
        TurnResult.WaitedTooLong => "waited_too_long",
        _ => "failed",
    };
}
