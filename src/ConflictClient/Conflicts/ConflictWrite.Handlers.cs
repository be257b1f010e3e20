using System.Text.Json;
using System.Text.Json.Nodes;
using ConflictClient.Http;
using ConflictClient.Json;
using ConflictClient.Merging;
using ConflictClient.Versioning;

namespace ConflictClient.Conflicts;

/// <summary>The answer to each kind of conflict: one handler per <see cref="ConflictKind"/> that is answered by writing again.</summary>
internal sealed partial class ConflictWrite<TState>
{
    /// <summary>Another writer changed the resource: wait, take the current state (carried, or fetched), merge, and send again.</summary>
    private async ValueTask<HttpResponseMessage?> OnVersionConflictAsync(RetryDecision plan, Representation? carriedState)
    {
        Representation remote;
        if (carriedState is not null)
        {
            remote = carriedState;
        }
        else if (plan.Listen)
        {
            remote = await FetchWhenQuietAsync(plan.Delay).ConfigureAwait(ContinueOnCapturedContext);
        }
        else
        {
            await DelayAsync(plan.Delay).ConfigureAwait(ContinueOnCapturedContext);
            remote = await FetchAsync(_write.ResourceUri!).ConfigureAwait(ContinueOnCapturedContext);
        }

        return await MergeAndPrepareAsync(remote, plan.WillRetry).ConfigureAwait(ContinueOnCapturedContext);
    }

    /// <summary>
    /// Listen before retrying (as carrier sense in CSMA): read the state, wait, and read again. Unchanged means nobody
    /// wrote for a whole window, so a write now is unlikely to collide; changed means others are busy, so wait twice as
    /// long and look again, at most <see cref="ConflictResolutionConstants.QuietChecksPerAttempt"/> times per attempt.
    /// </summary>
    private async ValueTask<Representation> FetchWhenQuietAsync(TimeSpan firstWait)
    {
        var seen = await FetchAsync(_write.ResourceUri!).ConfigureAwait(ContinueOnCapturedContext);
        var wait = firstWait;
        for (var check = 1; ; check++)
        {
            await DelayAsync(wait).ConfigureAwait(ContinueOnCapturedContext);
            var now = await FetchAsync(_write.ResourceUri!).ConfigureAwait(ContinueOnCapturedContext);
            if (check == ConflictResolutionConstants.QuietChecksPerAttempt || IsSameState(seen, now))
            {
                return now;
            }

            seen = now;
            _write.ListenWindow = ConflictBackoff.WidenListenWindow(_write.ListenWindow!.Value, _options, _strategy.RoundTrip.Current);
            wait = ConflictBackoff.ListenWait(_write.ListenWindow.Value, _options.Randomizer);
            if (wait >= TimeLeft)
            {
                // A wait that would cross the time budget never starts: write on the latest state now.
                return now;
            }
        }
    }

    private static bool IsSameState(Representation before, Representation after) =>
        string.Equals(before.EntityTag, after.EntityTag, StringComparison.Ordinal) && before.Body.AsSpan().SequenceEqual(after.Body);

    private async ValueTask<Representation> FetchAsync(Uri uri)
    {
        var remote = await _strategy.FetchAsync(_callback, _context, _state, _snapshot, uri, _call).ConfigureAwait(ContinueOnCapturedContext);
        _call.LastRemote = remote;
        return remote;
    }

    /// <summary>Reads the current state for the caller's report; a failure to read leaves the report without it.</summary>
    private async ValueTask TryFetchForReportAsync()
    {
        if ((_write.ResourceUri ?? LocateExisting()) is not { } uri || !HttpOrigin.IsSame(uri, _snapshot.RequestUri))
        {
            return;
        }

        try
        {
            await FetchAsync(uri).ConfigureAwait(ContinueOnCapturedContext);
        }
        catch (ConflictException)
        {
            // The report goes out without the state; it says outcome unknown either way.
        }
    }

    /// <summary>The first request with this Idempotency-Key is still running: wait, and send the very same request again.</summary>
    private async ValueTask<HttpResponseMessage?> OnInFlightAsync(RetryDecision plan)
    {
        if (!plan.WillRetry)
        {
            throw ConflictErrors.InFlightExhausted(_call, _options.MaxAttempts, _write.IdempotencyKey is not null, _write.WaitBeyondBudget);
        }

        await DelayAsync(plan.Delay).ConfigureAwait(ContinueOnCapturedContext);
        _current = CreateWrite();
        return null;
    }

    /// <summary>
    /// 428: the server requires a version. A create is sent again create-only (<c>If-None-Match: *</c>); an update goes
    /// through the merge strategy against the current state, as any version conflict, and is then sent conditionally.
    /// Re-sending the stale body with the current version would be the blind overwrite 428 exists to prevent.
    /// </summary>
    private async ValueTask<HttpResponseMessage?> OnPreconditionRequiredAsync(RetryDecision plan)
    {
        if (_write.PreconditionResent || !plan.WillRetry)
        {
            throw ConflictErrors.PreconditionRequiredAgain(_call);
        }

        _write.PreconditionResent = true;
        if (IsCreate)
        {
            // Another precondition makes another message: it gets its own Idempotency-Key.
            _write.IfNoneMatch = "*";
            _write.RenewIdempotencyKey(_call.Attempts + 1);
            _current = CreateWrite();
            return null;
        }

        var remote = await FetchAsync(_write.ResourceUri!).ConfigureAwait(ContinueOnCapturedContext);
        _write.IsConditional = true;
        return await MergeAndPrepareAsync(remote, willRetry: true).ConfigureAwait(ContinueOnCapturedContext);
    }

    /// <summary>
    /// Merges the write with <paramref name="remote"/> and prepares the next, conditional, send; or ends the write
    /// (the server's state kept, or a typed error when the merge fails or no attempt is left).
    /// </summary>
    private async ValueTask<HttpResponseMessage?> MergeAndPrepareAsync(Representation remote, bool willRetry)
    {
        var input = new MergeInput(_context, _call, _write.Body, remote, _call.Attempts);
        _call.Report.RecordMine(_write.Body);
        _call.Report.Theirs = remote.Body;
        _call.Report.Kept = null;
        _call.Report.IsPatch = _write.Method == HttpMethod.Patch;
        _call.Report.Ignored = _options.ServerManagedPaths.Count == 0 ? _versionSource.Pointers : [.. _versionSource.Pointers, .. _options.ServerManagedPaths];
        var remoteVersion = input.RemoteVersion = _call.LastRemoteVersion = _versionSource.ReadRemote(remote, input.ReadRemote, _call);
        if (!willRetry)
        {
            throw ConflictErrors.AttemptsExhausted(_call, _options, _write.WaitBeyondBudget);
        }

        input.ServerManaged = _call.Report.Ignored;
        input.LocalVersion = _versionSource.ReadLocal(_snapshot, _versionSource.WritesBody && _write.Body is not null ? input.ParseLocal() : null);

        // Before any merge, the base is the one passed with the request or remembered for the version the write
        // carried; after a merge, it is the state that merge was based on. An unconditional write has no remembered base.
        input.Base = _write.BaseBody
            ?? BaseFromRequest()
            ?? (_write.ResourceUri is { } uri ? _strategy.Bases?.Find(uri, input.LocalVersion) : null);
        _call.Report.RecordBase(input.Base);

        if (_write.Method == HttpMethod.Patch && _merge is ThreeWayMergeStrategy && _write.Body is not null && PatchToRebase() is null)
        {
            // A PATCH in a format that is neither JSON Patch nor JSON Merge Patch: nothing tells what it changes.
            throw ConflictErrors.PatchFormatUnknown(_call, _request.Content?.Headers.ContentType?.MediaType);
        }

        var decision = PatchToRebase() is { } patchKind
            ? RebasePatch(patchKind, input)
            : await MergeAsync(input).ConfigureAwait(ContinueOnCapturedContext);
        switch (decision.Kind)
        {
            case MergeResultKind.AcceptRemote:
                Complete(decision.IsUnchanged ? ConflictOutcome.Unchanged : _write.MergedIntoExisting ? ConflictOutcome.Adopted : ConflictOutcome.ServerWon, remote.EntityTag);
                return remote.ToResponse(_request);
            case MergeResultKind.GiveUp:
                throw ConflictErrors.MergeGaveUp(_call, decision.Reason);
        }

        // The merged body is based on this remote state: it is the base of the next merge, if there is one.
        _write.BaseBody = remote.Body;
        _write.Body = _call.Report.Kept = PrepareBody(decision, remoteVersion);
        _write.IfMatch = _versionSource.WritesBody && _write.Body is null
            ? remote.EntityTag ?? throw ConflictErrors.VersionTokenMissing(_call, "no ETag header for a write without a body", "A body version cannot travel without a body: make the server send an ETag for it to be deleted conditionally.")
            : _versionSource.IfMatchFor(remote, remoteVersion);
        _write.Target = _versionSource.Retarget(_write.Target, remoteVersion);
        _write.RenewIdempotencyKey(_call.Attempts + 1);
        _current = CreateWrite();
        return null;
    }

    /// <summary>
    /// Whether the write is a patch that is rebased rather than merged as a document: a PATCH in a patch format under
    /// ClientWins, ServerWins or a three-way merge (a custom merge and Reapply see it as before; Fail fails).
    /// </summary>
    private PatchKind? PatchToRebase() =>
        _write.Body is not null &&
        (ReferenceEquals(_merge, MergeStrategy.ClientWins) || ReferenceEquals(_merge, MergeStrategy.ServerWins) || _merge is ThreeWayMergeStrategy)
            ? PatchRebase.KindOf(_write.Method, _request.Content?.Headers.ContentType?.MediaType)
            : null;

    /// <summary>
    /// A patch onto the latest state: unchanged when what it touches did not change on the server since its base;
    /// else the strategy settles the conflicting paths (ClientWins re-sends, ServerWins keeps the server's, a three-way
    /// merge leaves them unresolved).
    /// </summary>
    private MergeDecision RebasePatch(PatchKind kind, MergeInput input)
    {
        // The version (and other server-managed fields) always differ from the base: they are no conflict.
        var rebase = PatchRebase.Rebase(kind, input.ParseLocal(), input.ParseBase(), input.Base is not null, input.ReadRemote(), input.ServerManaged);
        if (rebase.InvalidReason is { } invalid)
        {
            throw ConflictErrors.InvalidPatch(_call, invalid);
        }

        return rebase.Conflicts.Count == 0 || ReferenceEquals(_merge, MergeStrategy.ClientWins) ? MergeDecision.WriteBytes(_write.Body)
            : ReferenceEquals(_merge, MergeStrategy.ServerWins) ? MergeDecision.AcceptRemote()
            : throw ConflictErrors.MergeUnresolved(_call, rebase.Conflicts, hasBase: input.Base is not null, rebase.Detail);
    }

    private async ValueTask<MergeDecision> MergeAsync(MergeInput input)
    {
        MergeDecision decision;
        try
        {
            decision = await _merge.MergeAsync(input).ConfigureAwait(false);
        }
        catch (ConflictException)
        {
            throw;
        }
        catch (OperationCanceledException) when (input.CancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Any failure of a user's merge becomes a typed error; nothing is written.
        catch (Exception e)
#pragma warning restore CA1031
        {
            throw ConflictErrors.MergeFailed(_call, e);
        }

        // A merge that "merged" into JSON null would send the literal body null: refuse it, typed.
        return decision.Kind == MergeResultKind.Merged && input.LocalBody is not null && decision.IsNull
            ? throw ConflictErrors.MergedNull(_call)
            : decision;
    }

    /// <summary>The base passed with the request; one that cannot be serialized fails the write typed, with nothing sent.</summary>
    private byte[]? BaseFromRequest()
    {
        try
        {
            return MergeBase.FromRequest(_request, _merge.SerializerOptions);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or JsonException)
        {
            throw ConflictErrors.MergeFailed(_call, e);
        }
    }

    private HttpRequestMessage CreateWrite() =>
        _snapshot.CreateWrite(_write.Body, _write.IfMatch, _write.IfNoneMatch, _write.Method, _write.Target, _write.IdempotencyKey);

    private byte[]? PrepareBody(MergeDecision decision, VersionToken remoteVersion)
    {
        if (!_versionSource.WritesBody)
        {
            return decision.HasJson ? JsonBytes(decision.Json!) : decision.Body;
        }

        // Body versions: the version travels inside the document, so it is written into whatever is re-sent.
        var json = decision.HasJson ? decision.Json : decision.Body is null ? null : MergeInput.Parse(decision.Body, "the request body", _call);
        if (json is null)
        {
            // No body (a DELETE) carries its version in If-Match; a body that is JSON null cannot carry one.
            return decision.Body is null ? null : throw ConflictErrors.NotJsonObject(_call, "the body to re-send", _versionSource.Pointers.FirstOrDefault() ?? "?");
        }

        _versionSource.WriteVersion(json, remoteVersion, _call);
        return JsonBytes(json);
    }

    private static byte[] JsonBytes(JsonNode json) => JsonSerializer.SerializeToUtf8Bytes(json, JsonMergeSerializerContext.Default.JsonNode);
}
