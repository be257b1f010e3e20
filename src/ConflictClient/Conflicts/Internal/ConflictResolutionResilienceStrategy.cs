using ConflictClient.Merging;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Telemetry;

namespace ConflictClient.Conflicts;

/// <summary>
/// Guards writes (PUT, PATCH, DELETE, POST): each runs through <see cref="WriteLoop"/>, which answers conflicts until the
/// write succeeds, fails typed, or its attempts are spent. Reads pass through, remembered as merge bases when the merge
/// strategy uses them. Its fields are read-only: a write's state lives in the write, never here.
/// </summary>
/// <remarks>
/// It runs inside a handler that sends whatever request the context holds: ConflictClient's own handler (the DI path) or
/// Microsoft.Extensions.Http.Resilience's <c>ResilienceHandler</c>. The caller's message is put back at the end for
/// strategies outside this one.
/// </remarks>
internal sealed class ConflictResolutionResilienceStrategy : ResilienceStrategy<HttpResponseMessage>
{
    private readonly WriteServices _services;

    public ConflictResolutionResilienceStrategy(ConflictResolutionStrategyOptions options, TimeProvider timeProvider, ResilienceStrategyTelemetry telemetry, ILogger logger, PollyEventTelemetry? pollyEvents = null) =>
        _services = new WriteServices(options, timeProvider, new WriteObserver(options, telemetry, logger, pollyEvents));

    // Dispatch only, without a state machine of its own: each async frame on a write's path is one more box to pool,
    // and a pool miss is an allocation (likely when the caller blocks on the write from a thread of its own).
    protected override ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state)
    {
        var request = context.GetRequestMessage();
        if (request?.RequestUri is null || !WriteRequests.IsWrite(request.Method))
        {
            return request?.Method == HttpMethod.Get && _services.Bases is not null
                ? ReadAndRememberAsync(callback, context, state, request)
                : callback(context, state);
        }

        var sender = new WriteSender<TState>(_services, callback, context, state);
        if (request.Method != HttpMethod.Post && request.Method != HttpMethod.Delete && request.Options.TryGetValue(ConflictRequestOptions.Reapply, out var reapply))
        {
            return _services.Options.GroupCommit
                ? GroupCommit.RunAsync(sender, request, reapply)
                : GroupCommit.WriteAloneAsync(sender, request, reapply);
        }

        return WriteLoop.RunAsync(sender, request);
    }

    private async ValueTask<Outcome<HttpResponseMessage>> ReadAndRememberAsync<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state,
        HttpRequestMessage request)
    {
        var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        if (outcome.Result is { IsSuccessStatusCode: true } response)
        {
            try
            {
                var options = _services.Options;
                var versionSource = options.ForRequest?.Invoke(new ConflictRequestArguments(context, request))?.VersionSource ?? options.Versions.Source;
                await _services.Bases!.RememberAsync(request.RequestUri!, versionSource, response, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
            }
#pragma warning disable CA1031 // Reading the body failed: the caller gets that failure, as it would have reading it itself.
            catch (Exception e)
#pragma warning restore CA1031
            {
                response.Dispose();
                return Outcome.FromException<HttpResponseMessage>(e);
            }
        }

        return outcome;
    }
}
