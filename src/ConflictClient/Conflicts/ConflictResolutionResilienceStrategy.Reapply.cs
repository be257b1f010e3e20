using ConflictClient.Http;
using ConflictClient.Merging;
using Polly;

namespace ConflictClient.Conflicts;

/// <summary>The strategy's paths for writes made inside <c>Reapply</c>, and for reads remembered as merge bases.</summary>
internal sealed partial class ConflictResolutionResilienceStrategy
{
    /// <summary>
    /// A write made inside a <c>Reapply</c> call: it carries that call's change only when its body is the changed
    /// value Reapply handed to its <c>put</c> (and only the first such write does); any other write made there is an
    /// ordinary write, answered by the client's own merge strategy.
    /// </summary>
    private async ValueTask<Outcome<HttpResponseMessage>> ReapplyWriteAsync<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state,
        HttpRequestMessage request,
        ReapplyContext reapply)
    {
        byte[]? body;
        try
        {
            body = await RequestSnapshot.CaptureBodyAsync(request, Options.MaxBodySize, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
        }
#pragma warning disable CA1031 // A strategy reports failures as outcomes.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Fail(request, e);
        }

        if (body is null || !reapply.TryClaim(body))
        {
            return await ConflictWrite<TState>.RunAsync(this, callback, context, state, request).ConfigureAwait(context.ContinueOnCapturedContext);
        }

        return Options.GroupCommit
            ? await GroupCommitAsync(callback, context, state, request, reapply).ConfigureAwait(context.ContinueOnCapturedContext)
            : await ConflictWrite<TState>.RunAsync(this, callback, context, state, request, merge: new ReapplyBatchMergeStrategy([reapply.Change])).ConfigureAwait(context.ContinueOnCapturedContext);
    }

    private async ValueTask<Outcome<HttpResponseMessage>> GroupCommitAsync<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state,
        HttpRequestMessage request,
        ReapplyContext reapply)
    {
        try
        {
            var call = new ConflictCall(request.Method, request.RequestUri!);
            return await GroupCommit.RunAsync(this, callback, context, state, request, reapply, call).ConfigureAwait(context.ContinueOnCapturedContext);
        }
#pragma warning disable CA1031 // A strategy reports failures as outcomes.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Fail(request, e);
        }
        finally
        {
            context.SetRequestMessage(request);
        }
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
                var versionSource = Options.VersionSourceSelector?.Invoke(request) ?? Options.VersionSource;
                await Bases!.RememberAsync(request.RequestUri!, versionSource, response, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
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
