using ConflictClient.Http;
using System.Runtime.CompilerServices;
using Polly;

namespace ConflictClient.DependencyInjection;

/// <summary>
/// Runs a client's conflict-resolution pipeline around each request: the request goes into a pooled resilience
/// context, and every attempt or re-fetch the strategy puts there is sent through the handlers below.
/// </summary>
/// <remarks>
/// Microsoft.Extensions.Http.Resilience's <c>ResilienceHandler</c> does the same, but also stores the context in the
/// request's options and reports pipeline telemetry on every call. A write that meets no conflict should cost almost
/// nothing, so this handler does neither; conflicts are still logged and reported through <c>OnConflict</c>.
/// </remarks>
internal sealed class ConflictResolutionHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{

    // A pooled ValueTask turned into a Task costs less than an async Task method's own state machine box.
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        RunPipelineAsync(request, cancellationToken).AsTask();

    /// <summary>
    /// The synchronous <c>HttpClient.Send</c> goes through the same pipeline (it must not bypass conflict resolution):
    /// each attempt is sent synchronously below, so the pipeline completes on this thread but for its waits.
    /// </summary>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        RunPipelineAsync(request, cancellationToken, synchronous: true).AsTask().GetAwaiter().GetResult();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<HttpResponseMessage> RunPipelineAsync(HttpRequestMessage request, CancellationToken cancellationToken, bool synchronous = false)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.SetRequestMessage(request);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static (context, state) => state.Handler.SendAttemptAsync(context, state.Synchronous),
                context,
                (Handler: this, Synchronous: synchronous)).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// Follows redirects here rather than in the primary handler (see <see cref="RedirectPolicy"/>): within the origin
    /// only, so no request, the caller's or the strategy's, carries its credentials to another origin.
    /// </summary>
    private async ValueTask<HttpResponseMessage> FollowRedirectsAsync(HttpRequestMessage request, HttpResponseMessage response, ResilienceContext context, bool synchronous)
    {
        var first = request;
        for (var hop = 0; hop < RedirectPolicy.MaxRedirects && RedirectPolicy.TryGetTarget(response, out var target); hop++)
        {
            if (RedirectPolicy.NextHop(request, response, target) is not { } next)
            {
                return response;
            }

            response.Dispose();
            if (!ReferenceEquals(request, first))
            {
                request.Dispose();
            }

            request = next;
            response = synchronous
                ? base.Send(request, context.CancellationToken)
                : await base.SendAsync(request, context.CancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    /// <summary>Sends whatever message the strategy put into the context: the caller's, a retry, or a re-fetch.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Outcome<HttpResponseMessage>> SendAttemptAsync(ResilienceContext context, bool synchronous)
    {
        try
        {
            var request = context.GetRequestMessage()
                ?? throw new InvalidOperationException("The conflict-resolution pipeline lost the request message it was given.");
            var response = synchronous
                ? base.Send(request, context.CancellationToken)
                : await base.SendAsync(request, context.CancellationToken).ConfigureAwait(false);
            return Outcome.FromResult(RedirectPolicy.TryGetTarget(response, out _)
                ? await FollowRedirectsAsync(request, response, context, synchronous).ConfigureAwait(false)
                : response);
        }
#pragma warning disable CA1031 // The pipeline sees failures as outcomes; SendAsync rethrows them to the caller.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Outcome.FromException<HttpResponseMessage>(e);
        }
    }
}
