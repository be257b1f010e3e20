using System.Net.Http.Headers;
using ConflictClient.Http;
using ConflictClient.Merging;
using Polly;

namespace ConflictClient.Conflicts;

/// <summary>
/// Re-apply writes through one client, one resource at a time: a caller queues its change; whoever holds the gate
/// (the leader) takes every queued change, applies them in arrival order to the latest state the client knows, and
/// writes once through the conflict loop. Each caller gets the state right after its own change.
/// </summary>
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
        var mine = new PendingChange(reapply.Change);
        queue.Enqueue(mine);
        try
        {
            await queue.Leader.WaitAsync(context.CancellationToken).ConfigureAwait(false);
            try
            {
                // A previous leader may have written my change already; if not, I lead everything queued so far.
                if (!mine.Done.Task.IsCompleted)
                {
                    await LeadAsync(strategy, callback, context, state, request, call, queue, queue.TakeAll()).ConfigureAwait(false);
                }
            }
            finally
            {
                queue.Leader.Release();
            }

            var result = await mine.Done.Task.ConfigureAwait(false);
            var scope = ConflictResolutionScope.Current;
            for (var i = 0; i < result.Conflicts; i++)
            {
                scope?.RecordConflict();
            }

            scope?.RecordCompletion(result.Written ? (result.Conflicts > 0 ? ConflictOutcome.WrittenAfterConflict : ConflictOutcome.Written) : ConflictOutcome.Unchanged, result.Attempts, result.EntityTag);
            return Outcome.FromResult(Respond(request, result));
        }
        finally
        {
            strategy.GroupCommits.Release(resource, queue);
        }
    }

    private static async Task LeadAsync<TState>(
        ConflictResolutionResilienceStrategy strategy,
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state,
        HttpRequestMessage request,
        ConflictCall call,
        GroupCommitQueue queue,
        List<PendingChange> batch)
    {
        var merge = new ReapplyBatchMergeStrategy([.. batch.Select(p => p.Change)], isolateFailures: true);
        try
        {
            // Start from the last state this client wrote, else from what the first caller read; a stale start only
            // costs a 412, after which the batch is applied again to the server's state.
            var start = queue.Latest is { } latest ? (latest.Body, latest.EntityTag) : (batch[0].Change.ReadState(), batch[0].Change.ReadEntityTag);
            if (merge.ApplyAll(start.Item1) is not { } body)
            {
                Complete(batch, merge, call, entityTag: start.Item2, attempts: 0, conflicts: 0);
                return;
            }

            using var scope = ConflictResolutionScope.Begin();
            var contentType = request.Content?.Headers.ContentType ?? new MediaTypeHeaderValue("application/json");
            request.Content?.Dispose();
            request.Content = new ByteArrayContent(body) { Headers = { ContentType = contentType } };
            request.Headers.Remove("If-Match");
            if (start.Item2 is { } entityTag)
            {
                request.Headers.TryAddWithoutValidation("If-Match", entityTag);
            }

            var outcome = await ConflictWrite<TState>.RunAsync(strategy, callback, context, state, request, call, merge).ConfigureAwait(false);
            outcome.ThrowIfException();
            using var response = outcome.Result!;
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"{call.Describe()} answered {(int)response.StatusCode} {response.StatusCode} to a group of {batch.Count} change(s).", null, response.StatusCode);
            }

            var written = await Representation.ReadAsync(response, strategy.Options.MaxBodySize, context.CancellationToken).ConfigureAwait(false);
            queue.Latest = written is { Body.Length: > 0 } ? written : null;
            Complete(batch, merge, call, written?.EntityTag, scope.Attempts, scope.Conflicts);
        }
#pragma warning disable CA1031 // The batch's failure is every member's failure: each caller gets it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            queue.Latest = null;
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(e);
            }
        }
    }

    private static void Complete(List<PendingChange> batch, ReapplyBatchMergeStrategy merge, ConflictCall call, string? entityTag, int attempts, int conflicts)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (merge.Failures[i] is { } failure)
            {
                batch[i].Done.TrySetException(ConflictErrors.MergeFailed(call, failure));
                continue;
            }

            var last = i == batch.Count - 1;
            batch[i].Done.TrySetResult(new GroupCommitResult(merge.States[i], last ? entityTag : null, merge.Changed[i], attempts, conflicts));
        }
    }

    /// <summary>The caller's answer: the state right after its change, as 200 OK (with the ETag when it is the written state).</summary>
    private static HttpResponseMessage Respond(HttpRequestMessage request, GroupCommitResult result)
    {
        var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK)
        {
            Content = new ByteArrayContent(result.State) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            RequestMessage = request,
        };
        if (result.EntityTag is { } entityTag)
        {
            response.Headers.TryAddWithoutValidation("ETag", entityTag);
        }

        return response;
    }
}
