using System.Text.Json;
using System.Text.Json.Nodes;
using ConflictClient.Http;
using ConflictClient.Merging;
using ConflictClient.Telemetry;
using ConflictClient.Versioning;
using Polly;

namespace ConflictClient.Conflicts;

/// <summary>One leader's write of the changes it took from a <see cref="GroupCommitQueue"/>: a message of its own, through the write loop.</summary>
internal sealed class GroupCommitBatch<TState>(WriteSender<TState> sender, HttpRequestMessage request, Uri resource, GroupCommitQueue queue, List<PendingChange> batch)
{
    private readonly ReapplyBatchMergeStrategy _merge = new([.. batch.Select(p => p.Change)], isolateFailures: true);
    private readonly VersionSource _versionSource =
        sender.Services.Options.ForRequest?.Invoke(new ConflictRequestArguments(sender.Context, request))?.VersionSource ?? sender.Services.Options.Versions.Source;

    /// <summary>Writes the batch and completes every member's outcome; never throws.</summary>
    public async Task LeadAsync()
    {
        if (batch.Count == 0)
        {
            return;
        }

        using var cancellation = new BatchCancellation(batch);
        var context = sender.Context;
        var batchContext = ResilienceContextPool.Shared.Get(context.OperationKey, context.ContinueOnCapturedContext, cancellation.Token);
        try
        {
            await WriteAsync(sender.In(batchContext)).ConfigureAwait(false);
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
        finally
        {
            ResilienceContextPool.Shared.Return(batchContext);
        }
    }

    private async Task WriteAsync(WriteSender<TState> batchSender)
    {
        var template = new RequestSnapshot(request, body: null);
        var start = await StartAsync(batchSender, template).ConfigureAwait(false);
        try
        {
            // The changes deserialize it with the caller's serializer, which would take the last of duplicate members.
            UntrustedJson.Check(start.Body);
        }
        catch (JsonException e)
        {
            throw ConflictErrors.InvalidRepresentation(Progress(batchSender), "the state the group's changes start from", e);
        }

        if (_merge.ApplyAll(start.Body) is not { } body)
        {
            Complete(start.EntityTag, attempts: 0, conflicts: 0);
            return;
        }

        ConflictTelemetry.Batch(batch.Count);
        using var message = template.CreateWrite(body, _versionSource.WritesBody ? null : start.EntityTag);
        ((IDictionary<string, object?>)message.Options).Remove(ConflictRequestOptions.ReapplyKey);
        var result = new ConflictWriteResult();
        message.Options.Set(ConflictRequestOptions.Result, result);
        var outcome = await WriteLoop.RunAsync(batchSender, message, _merge, rethrow: true, start.Unverified).ConfigureAwait(false);
        outcome.ThrowIfException();
        using var response = outcome.Result!;
        var (attempts, conflicts) = result.Outcome == ConflictOutcome.None ? (1, 0) : (result.Attempts, result.Conflicts);
        if (!response.IsSuccessStatusCode)
        {
            // Neither a success nor a conflict (a 503, a 400): every caller gets the server's answer, as alone.
            var answer = await Representation.ReadAsync(response, sender.Services.Options.MaxBodySize, batchSender.CancellationToken).ConfigureAwait(false);
            queue.Latest = null;
            foreach (var pending in batch)
            {
                pending.Done.TrySetResult(new GroupCommitResult(answer?.Body ?? [], null, Written: false, attempts, conflicts, response.StatusCode, answer?.MediaType ?? "application/octet-stream"));
            }

            return;
        }

        // Applied: from here on every caller is told success, even if the answer's body cannot be read.
        var written = await TryReadAsync(response, batchSender.CancellationToken).ConfigureAwait(false);
        var proven = written is not null && IsRepresentationOf(written, _merge.States[^1], _versionSource);
        queue.Latest = proven ? written : null;
        Complete(written?.EntityTag ?? Representation.ReadEntityTag(response), attempts, conflicts, proven ? written!.Body : null);
    }

    /// <summary>
    /// Where the batch starts: the last state this client wrote when its response was proven to be the resource; else the
    /// first caller's state when it carries a version and no caller wrote alone since; else the resource, read now. A state without a version would be
    /// written unconditionally, over whatever is there.
    /// </summary>
    private async ValueTask<(byte[] Body, string? EntityTag, bool Unverified)> StartAsync(WriteSender<TState> batchSender, RequestSnapshot template)
    {
        if (queue.Latest is { } latest)
        {
            return (latest.Body, latest.EntityTag, false);
        }

        var first = batch[0].Change;
        var firstState = first.ReadState();
        if (queue.WrittenAlone)
        {
            queue.WrittenAlone = false;
        }
        else if (_versionSource.WritesBody ? _versionSource.Carries(request.RequestUri!, firstState) : first.ReadEntityTag is not null)
        {
            return (firstState, first.ReadEntityTag, true);
        }

        var plan = new WritePlan
        {
            Options = sender.Services.Options, Context = batchSender.Context, Template = template, VersionSource = _versionSource, Merge = _merge,
            DuplicatePolicy = DuplicatePolicy.Fail, ServerManaged = _versionSource.Pointers,
        };
        var (read, _) = await CurrentState.ReadAsync(batchSender, plan, Progress(batchSender), resource).ConfigureAwait(false);
        return (read.Body, read.EntityTag, false);
    }

    private WriteProgress Progress(WriteSender<TState> batchSender) => new() { Method = request.Method, RequestUri = request.RequestUri!, StartedAt = batchSender.Now };

    private async ValueTask<Representation?> TryReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await Representation.ReadAsync(response, sender.Services.Options.MaxBodySize, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The write was applied; an unreadable answer only means the callers get the states they made.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    /// <summary>Whether a write's response is the resource itself: the JSON written, versions aside (not <c>{ok,id,rev}</c> or an empty body).</summary>
    public static bool IsRepresentationOf(Representation written, byte[] sent, VersionSource versionSource)
    {
        if (written.Body.Length == 0)
        {
            return false;
        }

        try
        {
            var (theirs, mine) = (JsonNode.Parse(written.Body), JsonNode.Parse(sent));
            if (theirs is null || mine is null)
            {
                return false;
            }

            versionSource.RemoveVersion(theirs);
            versionSource.RemoveVersion(mine);
            return JsonNode.DeepEquals(theirs, mine);
        }
        catch (Exception e) when (UntrustedJson.IsReadFailure(e))
        {
            return false;
        }
    }

    private void Complete(string? entityTag, int attempts, int conflicts, byte[]? writtenState = null)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (_merge.Failures[i] is { } failure)
            {
                batch[i].Done.TrySetException(ConflictErrors.MergeFailed(new WriteProgress { Method = request.Method, RequestUri = request.RequestUri!, StartedAt = 0, Attempts = attempts }, failure));
                continue;
            }

            // Only the last state is the server's: it alone gets the version (in the body, when the response proved it).
            var last = i == batch.Count - 1;
            var stateAfter = last && writtenState is not null ? writtenState : _merge.States[i];
            batch[i].Done.TrySetResult(new GroupCommitResult(stateAfter, last ? entityTag : null, _merge.Changed[i], attempts, conflicts));
        }
    }
}
