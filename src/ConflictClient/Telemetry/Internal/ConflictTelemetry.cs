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

    // Custom attributes carry the library's prefix; the rest are OpenTelemetry's HTTP client conventions.
    public const string KindTag = "conflictclient.conflict.kind";
    public const string OutcomeTag = "conflictclient.outcome";
    public const string AttemptTag = "conflictclient.attempt";
    public const string AttemptsTag = "conflictclient.attempts";

    private static readonly Counter<long> Conflicts = Meter.CreateCounter<long>(
        "conflictclient.conflicts", "{conflict}", "Conflict-like responses to guarded writes, by kind and status.");

    private static readonly Counter<long> Resolutions = Meter.CreateCounter<long>(
        "conflictclient.resolutions", "{write}", "Guarded writes that met a conflict, by outcome (success) or error.type (failure).");

    // Advice as the HTTP client duration's: a write resolved in a few round trips must not land in one coarse bucket.
    private static readonly Histogram<int> Attempts = Meter.CreateHistogram<int>(
        "conflictclient.resolution.attempts", "{attempt}", "Sends of a guarded write that met a conflict, the first included.",
        tags: null, advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 100] });

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "conflictclient.resolution.duration", "s", "Time from a guarded write's first conflict to its end.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30] });

    private static readonly Counter<long> Refetches = Meter.CreateCounter<long>(
        "conflictclient.refetches", "{request}", "Reads of the current state made to resolve conflicts.");

    private static readonly Histogram<int> BatchSizes = Meter.CreateHistogram<int>(
        "conflictclient.group_commit.batch_size", "{change}", "Changes written together by one group-commit write.",
        tags: null, advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });

    private static readonly string[] KnownMethods = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];

    public static Activity? StartResolution(HttpRequestMessage request)
    {
        var activity = Source.StartActivity("ConflictClient.Resolve", ActivityKind.Internal);
        if (activity is not null)
        {
            var method = Method(request);
            activity.SetTag("http.request.method", method).SetTag("url.template", RouteTemplate.Of(request));
            if (method == "_OTHER")
            {
                activity.SetTag("http.request.method_original", request.Method.Method);
            }

            if (request.RequestUri is { IsAbsoluteUri: true } uri)
            {
                activity.SetTag("server.address", uri.Host).SetTag("server.port", uri.Port);
            }
        }

        return activity;
    }

    public static void Conflict(Activity? activity, HttpRequestMessage request, string kind, int status, int attempt)
    {
        if (Conflicts.Enabled)
        {
            var tags = Common(request);
            tags.Add(KindTag, kind);
            tags.Add("http.response.status_code", status);
            Conflicts.Add(1, tags);
        }

        activity?.AddEvent(new ActivityEvent("conflict", tags: new ActivityTagsCollection
        {
            [KindTag] = kind,
            ["http.response.status_code"] = status,
            [AttemptTag] = attempt,
        }));
    }

    /// <summary>Records how a write that met a conflict ended: an outcome on success, <c>error.type</c> on failure.</summary>
    public static void Resolved(Activity? activity, HttpRequestMessage request, string? outcome, string? errorType, int attempts, TimeSpan elapsed)
    {
        var tags = Common(request);
        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }
        else if (outcome is not null)
        {
            tags.Add(OutcomeTag, outcome);
        }

        Resolutions.Add(1, tags);
        Attempts.Record(attempts, tags);
        Duration.Record(elapsed.TotalSeconds, tags);
        if (activity is not null)
        {
            activity.SetTag(OutcomeTag, outcome).SetTag("error.type", errorType).SetTag(AttemptsTag, attempts);
            activity.SetStatus(errorType is null ? ActivityStatusCode.Ok : ActivityStatusCode.Error, errorType);
        }
    }

    public static void Refetched() => Refetches.Add(1);

    /// <summary>The method as the conventions name it: one of the nine HTTP methods, or <c>_OTHER</c>.</summary>
    public static string Method(HttpRequestMessage request)
    {
        var method = request.Method.Method;
        foreach (var known in KnownMethods)
        {
            if (string.Equals(method, known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return "_OTHER";
    }

    private static TagList Common(HttpRequestMessage request)
    {
        TagList tags = [new("http.request.method", Method(request))];
        if (request.RequestUri is { IsAbsoluteUri: true } uri)
        {
            tags.Add("server.address", uri.Host);
            tags.Add("server.port", uri.Port);
        }

        if (RouteTemplate.Of(request) is { } template)
        {
            tags.Add("url.template", template);
        }

        return tags;
    }

    public static void Batch(int size) => BatchSizes.Record(size);
}
