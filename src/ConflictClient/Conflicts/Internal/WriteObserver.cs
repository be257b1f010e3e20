using System.Diagnostics;
using ConflictClient.Http;
using ConflictClient.Telemetry;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Telemetry;

namespace ConflictClient.Conflicts;

/// <summary>
/// Tells the world what writes do: each conflict to <c>OnConflict</c>, Polly's telemetry, the logs and ConflictClient's
/// meter and activity; each resolution's end to the meter, the activity and the logs. Only writes that meet a conflict
/// are observed.
/// </summary>
internal sealed class WriteObserver(ConflictResolutionStrategyOptions options, ResilienceStrategyTelemetry telemetry, ILogger logger, PollyEventTelemetry? pollyEvents)
{
    public ILogger Logger => logger;

    public static Activity? Start(HttpRequestMessage request) => ConflictTelemetry.StartResolution(request);

    public async ValueTask ConflictAsync(ResilienceContext context, Activity? activity, HttpRequestMessage request, WriteProgress write, ConflictKind kind, bool willRetry, TimeSpan delay)
    {
        var status = write.Answer!.Status;
        ConflictTelemetry.Conflict(activity, request, kind.ToString(), (int)status, write.Attempts);
        var args = new OnConflictArguments(context, write.Method, write.RequestUri, status, kind, write.Attempts, willRetry, delay, write.Answer.Problem);
        telemetry.Report(ConflictResolutionConstants.OnConflictResilienceEvent, context, args);
        pollyEvents?.Report(context, args);
        if (willRetry && logger.IsEnabled(LogLevel.Information))
        {
            Log.ConflictRetrying(logger, write.Method.Method, HttpOrigin.Redact(write.RequestUri), (int)status, write.Attempts, options.Retry.MaxAttempts, delay);
        }

        if (options.OnConflict is { } onConflict)
        {
            await onConflict(args).ConfigureAwait(context.ContinueOnCapturedContext);
        }
    }

    /// <summary>Records how a write that met a conflict ended: its outcome, or its failure.</summary>
    public void Resolved(Activity? activity, HttpRequestMessage request, WriteProgress write, ConflictOutcome? outcome, Exception? failure, TimeSpan elapsed)
    {
        // error.type as the conventions want it: the failure's reason, or the exception's type; successes carry an outcome.
        var errorType = failure switch
        {
            ConflictException conflict => conflict.Reason.ToString(),
            not null => failure.GetType().FullName,
            _ => null,
        };
        ConflictTelemetry.Resolved(activity, request, failure is null ? outcome?.ToString() ?? "NotHandled" : null, errorType, write.Attempts, elapsed);
        if (failure is ConflictException error && logger.IsEnabled(LogLevel.Warning))
        {
            Log.ConflictFailed(logger, write.Method.Method, HttpOrigin.Redact(write.RequestUri), error.Reason.ToString(), write.Attempts);
        }
        else if (outcome is { } ended && ended != ConflictOutcome.Written && logger.IsEnabled(LogLevel.Information))
        {
            Log.ConflictResolved(logger, write.Method.Method, HttpOrigin.Redact(write.RequestUri), ended.ToString(), write.Attempts);
        }
    }

    /// <summary>Logs a write that failed typed before any conflict (a body too large, a transport failure).</summary>
    public void Failed(HttpRequestMessage request, ConflictException failure)
    {
        if (logger.IsEnabled(LogLevel.Warning))
        {
            Log.ConflictFailed(logger, request.Method.Method, HttpOrigin.Redact(request.RequestUri), failure.Reason.ToString(), failure.Attempts);
        }
    }
}
