using System.Net;
using System.Net.Http.Headers;
using ConflictClient.Http;
using ConflictClient.Merging;
using Polly;

namespace ConflictClient.Conflicts;

/// <summary>
/// Re-apply writes through one client, one resource at a time: a caller queues its change; whoever holds the gate (the
/// leader) takes every queued change, applies them in arrival order to the latest state of the resource, and writes
/// once through the write loop. Each caller gets the state right after its own change.
/// </summary>
/// <remarks>
/// A caller's cancellation withdraws its change while it is queued (<see cref="OperationCanceledException"/>: not
/// applied); once a leader took it, the caller waits for the batch and is told what became of it. The batch is cancelled
/// only when every caller in it cancelled, so one caller's token never fails another.
/// </remarks>
internal static class GroupCommit
{
    public static async ValueTask<Outcome<HttpResponseMessage>> RunAsync<TState>(WriteSender<TState> sender, HttpRequestMessage request, ReapplyRequest reapply)
    {
        var services = sender.Services;
        try
        {
            var resource = Resource(sender, request);
            var queue = services.GroupCommits.Acquire(resource, out var alone);
            try
            {
                if (alone && queue.Leader.Wait(0))
                {
                    if (!queue.HasPending)
                    {
                        // Nobody else writes this resource through this client: the caller's own message goes as it is,
                        // with no batch to build. Callers arriving meanwhile queue behind it and are led next.
                        try
                        {
                            return await GroupCommitAlone.WriteAsync(sender, request, reapply).ConfigureAwait(false);
                        }
                        finally
                        {
                            // Callers that queued meanwhile hold states from before this write: their batch reads first.
                            queue.WrittenAlone = true;
                            queue.Leader.Release();
                        }
                    }

                    queue.Leader.Release(); // others queued: join them
                }

                return await JoinAsync(sender, request, reapply, resource, queue).ConfigureAwait(false);
            }
            finally
            {
                services.GroupCommits.Release(resource, queue);
            }
        }
#pragma warning disable CA1031 // A strategy reports failures as outcomes.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Outcome.FromException<HttpResponseMessage>(e);
        }
        finally
        {
            sender.Context.SetRequestMessage(request);
        }
    }

    /// <summary>A re-applied change written on its own: its change is the merge, and its caller is told how it ended.</summary>
    public static ValueTask<Outcome<HttpResponseMessage>> WriteAloneAsync<TState>(WriteSender<TState> sender, HttpRequestMessage request, ReapplyRequest reapply)
    {
        request.Options.Set(ConflictRequestOptions.Result, reapply.Result);
        return WriteLoop.RunAsync(sender, request, new ReapplyBatchMergeStrategy([reapply.Change]));
    }

    /// <summary>Queues the change and waits: a leader (this caller, or one before it) writes everything queued together.</summary>
    private static async ValueTask<Outcome<HttpResponseMessage>> JoinAsync<TState>(WriteSender<TState> sender, HttpRequestMessage request, ReapplyRequest reapply, Uri resource, GroupCommitQueue queue)
    {
        var mine = new PendingChange(reapply.Change, sender.CancellationToken);
        queue.Enqueue(mine);
        try
        {
            await queue.Leader.WaitAsync(sender.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!queue.TryWithdraw(mine))
        {
            // A leader took my change already: it is being written, so wait to be told what became of it.
            return Outcome.FromResult(await CompleteAsync(request, reapply, mine, sender.CancellationToken).ConfigureAwait(false));
        }

        try
        {
            // A previous leader may have written my change already; if not, I lead everything queued so far.
            if (!mine.Done.Task.IsCompleted)
            {
                var taken = queue.TakeAll();
                try
                {
                    await new GroupCommitBatch<TState>(sender, request, resource, queue, taken).LeadAsync().ConfigureAwait(false);
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

        return Outcome.FromResult(await CompleteAsync(request, reapply, mine, sender.CancellationToken).ConfigureAwait(false));
    }

    /// <summary>Where the group's resource is read: the write's URI, or the one its settings name, on its origin only.</summary>
    private static Uri Resource<TState>(WriteSender<TState> sender, HttpRequestMessage request)
    {
        if (sender.Services.Options.ForRequest?.Invoke(new ConflictRequestArguments(sender.Context, request))?.Read is not { } read)
        {
            return request.RequestUri!;
        }

        if (read.Method != HttpMethod.Get || read.StateAt.Length > 0)
        {
            // Fail closed: a group reads its resource with a GET; reading it another way would be a guess.
            throw new InvalidOperationException(
                $"ConflictResolutionStrategyOptions.ForRequest returned a {read.Method} read for a re-applied change to {request.Method} {HttpOrigin.Redact(request.RequestUri)}: " +
                "group commit reads the resource with a GET. Set GroupCommit = false for this client, or return ConflictRead.Get(uri).");
        }

        var uri = read.Resolve(request.RequestUri!).Uri;
        return HttpOrigin.IsSame(uri, request.RequestUri!)
            ? uri
            : throw ConflictErrors.CrossOriginRefetch(new WriteProgress { Method = request.Method, RequestUri = request.RequestUri!, StartedAt = sender.Now }, uri);
    }

    private static async ValueTask<HttpResponseMessage> CompleteAsync(HttpRequestMessage request, ReapplyRequest reapply, PendingChange mine, CancellationToken cancellationToken)
    {
        var result = await mine.Done.Task.ConfigureAwait(false);
        if (result.Status != HttpStatusCode.OK)
        {
            return Respond(request, result);
        }

        if (result.Written && cancellationToken.IsCancellationRequested)
        {
            // My change is on the server: a caller that cancelled meanwhile is told so, never "cancelled" (not applied).
            var applied = new WriteProgress
            {
                Method = request.Method,
                RequestUri = request.RequestUri!,
                StartedAt = 0,
                Attempts = result.Attempts,
                Answer = new ConflictAnswer(HttpStatusCode.OK, null, ServerError.None, null, null, null),
                Remote = new RemoteState(new Representation(HttpStatusCode.OK, result.State, null, result.EntityTag)),
            };
            throw ConflictErrors.CanceledAfterApplied(applied, new OperationCanceledException(cancellationToken));
        }

        var outcome = !result.Written ? ConflictOutcome.Unchanged : result.Conflicts > 0 ? ConflictOutcome.WrittenAfterConflict : ConflictOutcome.Written;
        reapply.Result.Complete(outcome, result.Attempts, result.Conflicts, result.EntityTag);
        request.Options.Set(ConflictRequestOptions.Result, reapply.Result);
        return Respond(request, result);
    }

    /// <summary>
    /// The caller's answer: the state right after its change, as 200 OK (with the ETag when it is the written state); or
    /// the server's error answer to the batch, as the server gave it, so each caller sees what it would have seen alone.
    /// </summary>
    public static HttpResponseMessage Respond(HttpRequestMessage request, GroupCommitResult result)
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
