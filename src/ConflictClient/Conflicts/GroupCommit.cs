using System.Net.Http.Headers;
using ConflictClient.Http;
using ConflictClient.Merging;
using Polly;

namespace ConflictClient.Conflicts;

/// <summary>
/// Re-apply writes through one client, one resource at a time: a caller queues its change; whoever holds the gate
/// (the leader) takes every queued change, applies them in arrival order to the latest state of the resource, and
/// writes once through the conflict loop. Each caller gets the state right after its own change.
/// </summary>
/// <remarks>
/// A caller's cancellation withdraws its change while it is queued; once a leader took it, the caller waits for the
/// batch and is told what became of it. The batch is cancelled only when every caller in it cancelled, so one caller's
/// token never fails another.
/// </remarks>
internal static class GroupCommit
{
    public static async ValueTask<Outcome<HttpResponseMessage>> RunAsync<TState>(
        ConflictResolutionResilienceStrategy strategy,
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state,
        HttpRequestMessage request,
        ReapplyContext reapply,
        ConflictCall call)
    {
        var resource = strategy.LocateResource(context, request.Method, request.RequestUri!, call);
        var queue = strategy.GroupCommits.Acquire(resource);
        var mine = new PendingChange(reapply.Change, context.CancellationToken);
        queue.Enqueue(mine);
        try
        {
            try
            {
                await queue.Leader.WaitAsync(context.CancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!queue.TryWithdraw(mine))
            {
                // A leader took my change already: it is being written, so wait to be told what became of it.
                return await CompleteAsync(request, mine, call, context.CancellationToken).ConfigureAwait(false);
            }

            try
            {
                // A previous leader may have written my change already; if not, I lead everything queued so far.
                if (!mine.Done.Task.IsCompleted)
                {
                    var taken = queue.TakeAll();
                    try
                    {
                        await new GroupCommitBatch<TState>(strategy, callback, context, state, request, call, queue, taken).LeadAsync().ConfigureAwait(false);
                    }
#pragma warning disable CA1031 // Whatever failed, every change taken is told; none is left waiting.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        taken.ForEach(pending => pending.Done.TrySetException(e));
                    }
                }
            }
            finally
            {
                queue.Leader.Release();
            }

            return await CompleteAsync(request, mine, call, context.CancellationToken).ConfigureAwait(false);
        }
        finally
        {
            strategy.GroupCommits.Release(resource, queue);
        }
    }

    private static async ValueTask<Outcome<HttpResponseMessage>> CompleteAsync(HttpRequestMessage request, PendingChange mine, ConflictCall call, CancellationToken cancellationToken)
    {
        var result = await mine.Done.Task.ConfigureAwait(false);
        if (result.Status != System.Net.HttpStatusCode.OK)
        {
            return Outcome.FromResult(Respond(request, result));
        }

        if (result.Written && cancellationToken.IsCancellationRequested)
        {
            // My change is on the server: a caller that cancelled meanwhile is told so, never "cancelled" (not applied).
            (call.Attempts, call.LastStatus) = (result.Attempts, System.Net.HttpStatusCode.OK);
            call.LastRemote = new Representation(System.Net.HttpStatusCode.OK, result.State, null, result.EntityTag);
            throw ConflictErrors.CanceledAfterApplied(call, new OperationCanceledException(cancellationToken));
        }

        var scope = ConflictResolutionScope.Current;
        for (var i = 0; i < result.Conflicts; i++)
        {
            scope?.RecordConflict();
        }

        scope?.RecordCompletion(result.Written ? (result.Conflicts > 0 ? ConflictOutcome.WrittenAfterConflict : ConflictOutcome.Written) : ConflictOutcome.Unchanged, result.Attempts, result.EntityTag);
        return Outcome.FromResult(Respond(request, result));
    }

    /// <summary>
    /// The caller's answer: the state right after its change, as 200 OK (with the ETag when it is the written state); or
    /// the server's error answer to the batch, as the server gave it, so each caller sees what it would have seen alone.
    /// </summary>
    private static HttpResponseMessage Respond(HttpRequestMessage request, GroupCommitResult result)
    {
        var response = new HttpResponseMessage(result.Status)
        {
            Content = new ByteArrayContent(result.State) { Headers = { ContentType = new MediaTypeHeaderValue(result.ContentType) } },
            RequestMessage = request,
        };
        if (result.EntityTag is { } entityTag)
        {
            response.Headers.TryAddWithoutValidation("ETag", entityTag);
        }

        return response;
    }
}
