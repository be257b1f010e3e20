using System.Text.Json;
using System.Text.Json.Nodes;
using System.Runtime.CompilerServices;
using ConflictClient.Http;
using ConflictClient.Json;
using ConflictClient.Merging;
using ConflictClient.Versioning;

namespace ConflictClient.Conflicts;

/// <summary>
/// Merges an attempt with the server's current state and decides what follows: the next attempt (the merged body, with
/// the current version), the server's state kept (by the strategy's choice), or a typed failure. Its only effects are
/// the merge strategy's own (a user's delegate); the loop sends.
/// </summary>
internal static class MergeHandler
{
    public static async ValueTask<(Step Step, WriteProgress Write)> MergeAsync(WritePlan plan, WriteProgress write, Attempt attempt, Representation remote)
    {
        // The progress so far travels in a box, so a failure reports every state the merge had reached.
        var progress = new StrongBox<WriteProgress>(
            ReferenceEquals(write.Remote?.Representation, remote) && write.Mine is not null ? write
            : write with { Remote = new RemoteState(remote), Mine = write.Mine ?? attempt.Body });
        try
        {
            return await MergeCoreAsync(plan, progress, attempt, remote).ConfigureAwait(false);
        }
        catch (MergeFailure failure)
        {
            return (Step.Fail(failure.IsInvalidRepresentation
                ? ConflictErrors.InvalidRepresentation(progress.Value!, failure.Which!, (JsonException)failure.InnerException!)
                : ConflictErrors.MergeUnresolved(progress.Value!, failure.Conflicts, failure.HasBase, failure.Detail)), progress.Value!);
        }
    }

    private static async ValueTask<(Step Step, WriteProgress Write)> MergeCoreAsync(WritePlan plan, StrongBox<WriteProgress> progress, Attempt attempt, Representation remote)
    {
        var write = progress.Value!;
        var versionSource = plan.VersionSource;
        JsonNode? remoteJson = null;
        var remoteParsed = false;
        JsonNode? ReadRemote()
        {
            remoteJson = remoteParsed ? remoteJson : MergeInput.Parse(remote.Body, "the server's current representation");
            remoteParsed = true;
            return remoteJson;
        }

        // A write re-run after a lost race keeps the preconditions it had: one without a version needs none.
        if (!versionSource.TryReadRemote(remote, ReadRemote, out var remoteVersion) && attempt.IsConditional)
        {
            return (Step.Fail(ConflictErrors.VersionTokenMissing(write, versionSource.MissingVersionWhere, versionSource.MissingVersionHint)), write);
        }

        var localVersion = attempt.Version;
        if (attempt.IsConditional && !localVersion.IsEmpty && remoteVersion == localVersion && write.Answer is { Kind: ConflictKind.VersionConflict } said)
        {
            // The probe: the version the write carried is still the current one. Nobody changed the resource.
            write = progress.Value = write with { Remote = write.Remote! with { Version = remoteVersion } };
            return (Unchanged(plan, write, attempt, said), write);
        }

        // Before any merge, the base is the one passed with the request or remembered for the version the write carried;
        // after a merge, it is the state that merge was based on. A write without a version has no remembered base.
        byte[]? baseBody;
        try
        {
            baseBody = attempt.MergedFrom ?? MergeBase.ToUtf8(plan.RequestBase, plan.Merge.SerializerOptions)
                ?? (attempt.Resource is { } uri ? plan.Bases?.Find(uri, localVersion) : null);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or JsonException)
        {
            write = write with { Remote = write.Remote! with { Version = remoteVersion } };
            return (Step.Fail(ConflictErrors.MergeFailed(write, e)), write);
        }

        // One copy for what this read established: the server's version, and (at the first merge) the base it started from.
        write = progress.Value = write with
        {
            Remote = write.Remote! with { Version = remoteVersion }, Merged = true, FirstBase = write.Merged ? write.FirstBase : baseBody,
        };
        if (plan.IsUnknownPatch && plan.Merge is ThreeWayMergeStrategy && attempt.Body is not null)
        {
            // A PATCH in a format that is neither JSON Patch nor JSON Merge Patch: nothing tells what it changes.
            return (Step.Fail(ConflictErrors.PatchFormatUnknown(write, plan.MediaType)), write);
        }

        var input = new MergeInput(plan.Context, plan.Method, plan.RequestUri, attempt.Body, remote, attempt.Number, baseBody, localVersion, remoteVersion, plan.ServerManaged);
        MergeDecision decision;
        if (RebasesPatch(plan, attempt) is { } kind)
        {
            var rebase = PatchRebase.Rebase(kind, input.ParseLocal(), input.ParseBase(), baseBody is not null, ReadRemote(), plan.ServerManaged);
            if (rebase.InvalidReason is { } invalid)
            {
                return (Step.Fail(ConflictErrors.InvalidPatch(write, invalid)), write);
            }

            decision = rebase.Conflicts.Count == 0 || ReferenceEquals(plan.Merge, MergeStrategy.ClientWins) ? MergeDecision.WriteBytes(attempt.Body)
                : ReferenceEquals(plan.Merge, MergeStrategy.ServerWins) ? MergeDecision.AcceptRemote()
                : throw MergeFailure.Unresolved(rebase.Conflicts, baseBody is not null, rebase.Detail);
        }
        else
        {
            try
            {
                decision = await plan.Merge.MergeAsync(input).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not MergeFailure && (e is not OperationCanceledException || !input.CancellationToken.IsCancellationRequested))
            {
                // Any failure of a user's merge becomes a typed error; nothing is written.
                write = WithRemoteValue(write, input.RemoteValue);
                return (Step.Fail(ConflictErrors.MergeFailed(write, e)), write);
            }

            write = WithRemoteValue(write, input.RemoteValue);
            if (decision.Kind == MergeResultKind.Merged && input.LocalBody is not null && decision.IsNull)
            {
                // A merge that "merged" into JSON null would send the literal body null.
                return (Step.Fail(ConflictErrors.MergedNull(write)), write);
            }
        }

        return decision.Kind switch
        {
            MergeResultKind.AcceptRemote => (Step.Done(remote.ToResponse(plan.Template.Request), decision.IsUnchanged ? ConflictOutcome.Unchanged : attempt.MergedIntoExisting ? ConflictOutcome.Adopted : ConflictOutcome.ServerWon), write),
            MergeResultKind.GiveUp => (Step.Fail(ConflictErrors.MergeGaveUp(write, decision.Reason)), write),
            _ => Next(plan, write, attempt, decision, remote, remoteVersion),
        };
    }

    /// <summary>
    /// A version conflict whose version did not move: not a version conflict. Sure words mean the precondition can never
    /// hold; a lost race or "try again" is sent again; anything else is the server's refusal (a 400 or 422 as it came).
    /// </summary>
    private static Step Unchanged(WritePlan plan, WriteProgress write, Attempt attempt, ConflictAnswer said) => said.IfUnchanged switch
    {
        null => Step.Fail(ConflictErrors.VersionUnchanged(write, attempt.Version.Value)),
        ConflictKind.InFlight => Step.Send(attempt with { Number = attempt.Number + 1, IdempotencyKey = AnswerHandler.KeyFor(plan, attempt.Number + 1) ?? attempt.IdempotencyKey }, TimeSpan.Zero),
        _ when said.IsMaybeConflict => Step.PassThrough,
        _ => Step.Fail(ConflictErrors.RefusedNotForVersions(write)),
    };

    /// <summary>The typed value a custom merge read the server's state as, for the error; JSON merges have none.</summary>
    private static WriteProgress WithRemoteValue(WriteProgress write, object? value) =>
        value is null ? write : write with { Remote = write.Remote! with { Value = value } };

    /// <summary>The next attempt: the merged body with the current version, based on <paramref name="remote"/>.</summary>
    private static (Step, WriteProgress) Next(WritePlan plan, WriteProgress write, Attempt attempt, MergeDecision decision, Representation remote, VersionToken remoteVersion)
    {
        var versionSource = plan.VersionSource;
        byte[]? body;
        if (!attempt.IsConditional)
        {
            // Re-run after a lost race, without a version: the merged body as it is, and no precondition added.
            body = decision.HasJson ? JsonBytes(decision.Json!) : decision.Body;
            var rerun = attempt with { Number = attempt.Number + 1, Body = body, IdempotencyKey = AnswerHandler.KeyFor(plan, attempt.Number + 1), MergedFrom = remote.Body };
            return (Step.Send(rerun, TimeSpan.Zero), write with { Kept = body });
        }

        if (!versionSource.WritesBody)
        {
            body = decision.HasJson ? JsonBytes(decision.Json!) : decision.Body;
        }
        else
        {
            // Body versions: the version travels inside the document, so it is written into whatever is re-sent.
            var json = decision.HasJson ? decision.Json : decision.Body is null ? null : MergeInput.Parse(decision.Body, "the request body");
            if (json is null && decision.Body is null && !decision.HasJson)
            {
                body = null;
            }
            else if (json is null || !versionSource.TryWriteVersion(json, remoteVersion))
            {
                return (Step.Fail(ConflictErrors.NotJsonObject(write, "the body to re-send", versionSource.Pointers.FirstOrDefault() ?? "?")), write);
            }
            else
            {
                body = JsonBytes(json);
            }
        }

        string? ifMatch;
        if (versionSource.WritesBody && body is null)
        {
            // A body version cannot travel without a body: a DELETE carries the current ETag instead.
            if (remote.EntityTag is not { } tag)
            {
                return (Step.Fail(ConflictErrors.VersionTokenMissing(write, "no ETag header for a write without a body", "A body version cannot travel without a body: make the server send an ETag for it to be deleted conditionally.")), write);
            }

            ifMatch = tag;
        }
        else
        {
            ifMatch = versionSource.IfMatchFor(remote, remoteVersion);
        }

        var number = attempt.Number + 1;
        var next = attempt with
        {
            Number = number,
            Body = body,
            IfMatch = ifMatch,
            Target = versionSource.Retarget(attempt.Target, remoteVersion),
            IdempotencyKey = AnswerHandler.KeyFor(plan, number),
            Version = remoteVersion,
            MergedFrom = remote.Body,
            IsConditional = true,
        };
        return (Step.Send(next, TimeSpan.Zero), write with { Kept = body });
    }

    /// <summary>
    /// Whether the write is a patch that is rebased rather than merged as a document: a PATCH in a patch format under
    /// ClientWins, ServerWins or a three-way merge (a custom merge and re-applied changes see it as before; Fail fails).
    /// </summary>
    private static PatchKind? RebasesPatch(WritePlan plan, Attempt attempt) =>
        attempt.Body is not null &&
        (ReferenceEquals(plan.Merge, MergeStrategy.ClientWins) || ReferenceEquals(plan.Merge, MergeStrategy.ServerWins) || plan.Merge is ThreeWayMergeStrategy)
            ? plan.PatchKind
            : null;

    private static byte[] JsonBytes(JsonNode json) => JsonSerializer.SerializeToUtf8Bytes(json, JsonMergeSerializerContext.Default.JsonNode);
}
