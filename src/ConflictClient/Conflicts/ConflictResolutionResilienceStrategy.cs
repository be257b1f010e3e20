using System.Runtime.CompilerServices;
using ConflictClient.Http;
using ConflictClient.Merging;
using ConflictClient.Telemetry;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Telemetry;

namespace ConflictClient.Conflicts;

/// <summary>
/// Guards writes (PUT, PATCH, DELETE, POST): each runs as a <see cref="ConflictWrite{TState}"/>, which answers conflicts
/// until the write succeeds, fails in a typed way, or the attempts are spent. Reads pass through, remembered as merge
/// bases when the merge strategy uses them.
/// </summary>
/// <remarks>
/// It runs inside a handler that sends whatever request the context holds: ConflictClient's own
/// <see cref="ConflictResolutionHandler"/> (the DI path) or Microsoft.Extensions.Http.Resilience's <c>ResilienceHandler</c>.
/// The caller's message is put back at the end for strategies outside this one.
/// </remarks>
internal sealed partial class ConflictResolutionResilienceStrategy : ResilienceStrategy<HttpResponseMessage>
{
    private readonly ResilienceStrategyTelemetry _telemetry;

    private readonly PollyEventTelemetry? _pollyEvents;

    public ConflictResolutionResilienceStrategy(ConflictResolutionStrategyOptions options, TimeProvider timeProvider, ResilienceStrategyTelemetry telemetry, ILogger logger, PollyEventTelemetry? pollyEvents = null)
    {
        _pollyEvents = pollyEvents;
        Options = options;
        TimeProvider = timeProvider;
        _telemetry = telemetry;
        Logger = logger;
        Bases = options.MergeStrategy!.UsesBase && options.BaseCacheSize > 0
            ? new BaseMemory(new RepresentationCache(options.BaseCacheSize), options.MaxBodySize)
            : null;
    }

    public ConflictResolutionStrategyOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public ILogger Logger { get; }

    /// <summary>Gets the remembered bases; null when the merge strategy uses none or remembering is off.</summary>
    public BaseMemory? Bases { get; }

    /// <summary>Gets the estimate of a round trip (a write or a re-fetch) to this client's server, for the adaptive backoff.</summary>
    public RoundTripEstimator RoundTrip { get; } = new();

    /// <summary>Gets this client's group-commit queues, per resource.</summary>
    public GroupCommitQueues GroupCommits { get; } = new();

    // Dispatch only, without a state machine of its own: each async frame on a write's path is one more box to pool,
    // and a pool miss is an allocation (likely when the caller blocks on the write from a thread of its own).
    protected override ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state)
    {
        var request = context.GetRequestMessage();
        if (request?.RequestUri is null || !(ConflictResolutionConstants.IsUpdate(request.Method) || request.Method == HttpMethod.Post))
        {
            return request?.Method == HttpMethod.Get && Bases is not null
                ? ReadAndRememberAsync(callback, context, state, request)
                : callback(context, state);
        }

        return ReapplyContext.Current is { IsClaimed: false } reapply && request.Method != HttpMethod.Post && request.Method != HttpMethod.Delete
            ? ReapplyWriteAsync(callback, context, state, request, reapply)
            : ConflictWrite<TState>.RunAsync(this, callback, context, state, request);
    }

    /// <summary>
    /// A guarded write's failure as the outcome the pipeline reports (the handler rethrows it to the caller); a typed
    /// conflict failure is logged.
    /// </summary>
    internal Outcome<HttpResponseMessage> Fail(HttpRequestMessage request, Exception failure)
    {
        if (failure is ConflictException conflict)
        {
            Log.ConflictFailed(Logger, request.Method.Method, HttpOrigin.Redact(request.RequestUri), conflict.Reason.ToString(), conflict.Attempts);
        }

        return Outcome.FromException<HttpResponseMessage>(failure);
    }

    /// <summary>
    /// Where the current representation is fetched from: the write's URI, or the locator's, on the same origin only.
    /// <paramref name="call"/> is the write's state for the error, when it has one already.
    /// </summary>
    internal Uri LocateResource(ResilienceContext context, HttpMethod method, Uri requestUri, ConflictCall? call)
    {
        if (Options.ResourceLocator is not { } locate)
        {
            return requestUri;
        }

        var located = locate(new ResourceLocatorArguments(context, method, requestUri));
        var uri = located.IsAbsoluteUri ? located : new Uri(requestUri, located);
        return HttpOrigin.IsSame(uri, requestUri) ? uri : throw ConflictErrors.CrossOriginRefetch(call ?? new ConflictCall(method, requestUri), uri);
    }

    /// <summary>
    /// Puts <paramref name="message"/> into the context, for the handler running the pipeline to send next, and returns
    /// when it left; pass that to <see cref="EndSend"/> once the response is in. Not an async helper of its own, so that
    /// sending adds no state machine to a write's path.
    /// </summary>
    internal long BeginSend(ResilienceContext context, HttpRequestMessage message)
    {
        context.SetRequestMessage(message);
        return TimeProvider.GetTimestamp();
    }

    /// <summary>Feeds the round trip that began at <paramref name="sentAt"/> to the estimate the adaptive backoff scales to.</summary>
    internal void EndSend(long sentAt) => RoundTrip.Observe(TimeProvider.GetElapsedTime(sentAt));

    /// <summary>
    /// GETs <paramref name="uri"/> with the write's headers (minus preconditions) and reads it, bounded. Every failure is
    /// typed: a transport error or a non-success status is <see cref="ConflictFailureReason.RefetchFailed"/>, and a
    /// response that a redirect brought from another origin is refused (<see cref="ConflictFailureReason.CrossOriginRefetch"/>).
    /// </summary>
    internal async ValueTask<Representation> FetchAsync<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state,
        RequestSnapshot snapshot,
        Uri uri,
        ConflictCall call)
    {
        using var get = snapshot.CreateRefetch(uri);
        ConflictTelemetry.Refetched();
        var sentAt = BeginSend(context, get);
        var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        EndSend(sentAt);
        if (outcome.Exception is { } failure)
        {
            throw failure is OperationCanceledException && context.CancellationToken.IsCancellationRequested
                ? failure
                : ConflictErrors.RefetchTransportFailed(call, uri, failure);
        }

        using var response = outcome.Result!;

        // Redirected elsewhere: followed by a primary handler (landed there), or not followed (a redirect answer).
        if ((response.RequestMessage?.RequestUri is { } landed && !HttpOrigin.IsSame(landed, uri)) ||
            (RedirectPolicy.TryGetTarget(response, out landed) && !HttpOrigin.IsSame(landed, uri)))
        {
            throw ConflictErrors.RefetchRedirected(call, uri, landed);
        }

        Representation? read;
        try
        {
            read = await Representation.ReadAsync(response, Options.MaxBodySize, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            throw ConflictErrors.RefetchTransportFailed(call, uri, e);
        }

        if (!response.IsSuccessStatusCode)
        {
            call.LastProblem = ProblemDetailsReader.TryRead(read);
            call.LastError = ErrorVocabulary.Read(read, response.Headers.NonValidated);
            throw ConflictErrors.RefetchFailed(call, uri, response.StatusCode);
        }

        return read ?? throw ConflictErrors.RemoteBodyTooLarge(call, Options.MaxBodySize);
    }

    internal async ValueTask ReportConflictAsync(ResilienceContext context, ConflictCall call, ConflictKind kind, int attempt, bool willRetry, TimeSpan delay)
    {
        var args = new OnConflictArguments(context, call.Method, call.RequestUri, call.LastStatus!.Value, kind, attempt, willRetry, delay, call.LastProblem);
        _telemetry.Report(ConflictResolutionConstants.OnConflictResilienceEvent, context, args);
        _pollyEvents?.Report(context, args);
        if (willRetry)
        {
            Log.ConflictRetrying(Logger, call.Method.Method, HttpOrigin.Redact(call.RequestUri), (int)call.LastStatus.Value, attempt, Options.MaxAttempts, delay);
        }

        if (Options.OnConflict is { } onConflict)
        {
            await onConflict(args).ConfigureAwait(context.ContinueOnCapturedContext);
        }
    }
}
