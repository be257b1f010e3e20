using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ConflictClient.Telemetry;

/// <summary>
/// ConflictClient's metrics and traces, named for the library so OpenTelemetry users add them in one line
/// (<c>AddMeter("ConflictClient")</c>, <c>AddSource("ConflictClient")</c>). Only writes that meet a conflict are
/// measured: the no-conflict path records nothing. Tags are bounded: method, kind, status, outcome or reason; never URIs.
/// </summary>
internal static class ConflictTelemetry
{
    /// <summary>The name of the <see cref="Meter"/> and of the <see cref="ActivitySource"/>.</summary>
    public const string Name = "ConflictClient";

    public static readonly ActivitySource Source = new(Name, typeof(ConflictTelemetry).Assembly.GetName().Version?.ToString());

    private static readonly Meter Meter = new(Name, typeof(ConflictTelemetry).Assembly.GetName().Version?.ToString());

    private static readonly Counter<long> Conflicts = Meter.CreateCounter<long>(
        "conflictclient.conflicts", "{conflict}", "Conflict-like responses to guarded writes, by kind and status.");

    private static readonly Counter<long> Resolutions = Meter.CreateCounter<long>(
        "conflictclient.resolutions", "{write}", "Guarded writes that met a conflict, by how they ended (an outcome, or a failure reason).");

    private static readonly Histogram<int> Attempts = Meter.CreateHistogram<int>(
        "conflictclient.resolution.attempts", "{attempt}", "Sends of a guarded write that met a conflict, the first included.");

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "conflictclient.resolution.duration", "s", "Time from a guarded write's first conflict to its end.");

    private static readonly Counter<long> Refetches = Meter.CreateCounter<long>(
        "conflictclient.refetches", "{request}", "GETs of the current state made to resolve conflicts.");

    private static readonly Histogram<int> BatchSizes = Meter.CreateHistogram<int>(
        "conflictclient.group_commit.batch_size", "{change}", "Changes written together by one group-commit write.");

    /// <summary>Starts the activity of one resolution, when anyone listens; its first conflict is its first event.</summary>
    public static Activity? StartResolution(HttpRequestMessage request) =>
        Source.StartActivity("ConflictClient.Resolve", ActivityKind.Internal)?.SetTag("http.request.method", request.Method.Method).SetTag("url.template", RouteTemplate.Of(request));

    public static void Conflict(Activity? activity, HttpRequestMessage request, string kind, int status, int attempt)
    {
        if (Conflicts.Enabled)
        {
            TagList tags = [new("http.request.method", request.Method.Method), new("conflict.kind", kind), new("http.response.status_code", status)];
            AddTemplate(ref tags, request);
            Conflicts.Add(1, tags);
        }

        activity?.AddEvent(new ActivityEvent("conflict", tags: new ActivityTagsCollection
        {
            ["conflict.kind"] = kind,
            ["http.response.status_code"] = status,
            ["conflict.attempt"] = attempt,
        }));
    }

    /// <summary>Records how a write that met a conflict ended: an outcome (success) or a failure reason.</summary>
    public static void Resolved(Activity? activity, HttpRequestMessage request, string result, bool succeeded, int attempts, TimeSpan elapsed)
    {
        TagList tags = [new("http.request.method", request.Method.Method), new("conflict.result", result)];
        AddTemplate(ref tags, request);
        Resolutions.Add(1, tags);
        Attempts.Record(attempts, tags);
        Duration.Record(elapsed.TotalSeconds, tags);
        if (activity is not null)
        {
            activity.SetTag("conflict.result", result).SetTag("conflict.attempts", attempts);
            activity.SetStatus(succeeded ? ActivityStatusCode.Ok : ActivityStatusCode.Error, succeeded ? null : result);
        }
    }

    public static void Refetched() => Refetches.Add(1);

    private static void AddTemplate(ref TagList tags, HttpRequestMessage request)
    {
        if (RouteTemplate.Of(request) is { } template)
        {
            tags.Add("url.template", template);
        }
    }

    public static void Batch(int size) => BatchSizes.Record(size);
}
