using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConflictClient.Http;
using ConflictClient.Merging;
using ConflictClient.Telemetry;
using ConflictClient.Versioning;
using Polly;

namespace ConflictClient.Conflicts;

/// <summary>
/// One guarded write, from the first send to its outcome: each conflict-like response is classified once
/// (<see cref="ConflictClassifier"/>) and answered as its kind requires.
/// </summary>
/// <remarks>
/// <para>
/// Every attempt and every fetch is a fresh message put into the resilience context, because the handler running the
/// pipeline sends whatever message the context holds.
/// </para>
/// <para>
/// Most writes meet no conflict, so <see cref="RunAsync"/> sends the first attempt without any per-write state; this
/// object (with the write's <see cref="ConflictCall"/> and <see cref="RequestSnapshot"/>) exists only once a response
/// needs answering.
/// </para>
/// </remarks>
internal sealed class ConflictWrite<TState>
{
    private readonly ConflictResolutionResilienceStrategy _strategy;
    private readonly ConflictResolutionStrategyOptions _options;
    private readonly Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> _callback;
    private readonly ResilienceContext _context;
    private readonly TState _state;
    private readonly HttpRequestMessage _request;
    private readonly ConflictCall _call;
    private readonly VersionSource _versionSource;
    private readonly ReapplyContext? _reapply;
    private readonly MergeStrategy _merge;
    private readonly RequestSnapshot _snapshot;

    private HttpMethod _method;
    private Uri _target;
    private Uri? _resourceUri;
    private byte[]? _body;
    /// <summary>The state the last merge was based on; null until a merge happens.</summary>
    private byte[]? _baseBody;
    private string? _ifMatch;
    private string? _ifNoneMatch;
    private HttpRequestMessage _current;
    private bool _preconditionResent;
    private int _versionConflicts;
    /// <summary>How long the resource must stay unchanged before a retry; set at the second version conflict.</summary>
    private TimeSpan? _listenWindow;
    private bool _mergedIntoExisting;

    private ConflictWrite(
        ConflictResolutionResilienceStrategy strategy,
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state,
        HttpRequestMessage request,
        ConflictCall call,
        VersionSource versionSource,
        byte[]? body,
        Uri? resourceUri,
        MergeStrategy? merge)
    {
        _strategy = strategy;
        _options = strategy.Options;
        _callback = callback;
        _context = context;
        _state = state;
        _request = request;
        _current = request;
        _call = call;
        _method = request.Method;
        _target = request.RequestUri!;
        _versionSource = versionSource;
        _body = body;
        _resourceUri = resourceUri;
        _snapshot = new RequestSnapshot(request, body);

        // A Reapply call brings its own change; it answers this write's conflicts instead of the client's strategy.
        _reapply = ReapplyContext.Current;
        _merge = merge ?? (_reapply is { } reapply ? new ReapplyBatchMergeStrategy([reapply.Change]) : _options.MergeStrategy!);

        // Read only now: a write that meets no conflict never looks at its headers again.
        (_ifMatch, _ifNoneMatch) = (_snapshot.IfMatch, _snapshot.IfNoneMatch);
    }

    private bool ContinueOnCapturedContext => _context.ContinueOnCapturedContext;

    private CancellationToken CancellationToken => _context.CancellationToken;

    private bool IsCreate => _method == HttpMethod.Post;

    /// <summary>
    /// Sends <paramref name="request"/> as a guarded write and answers its conflicts; failures come back as outcomes.
    /// A write that meets no conflict allocates nothing of its own beyond its captured body and the content that
    /// replays it. Group commit passes its own <paramref name="call"/> (and reports failures itself, so they are not
    /// logged here) and <paramref name="merge"/> strategy.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<Outcome<HttpResponseMessage>> RunAsync(
        ConflictResolutionResilienceStrategy strategy,
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state,
        HttpRequestMessage request,
        ConflictCall? call = null,
        MergeStrategy? merge = null)
    {
        var options = strategy.Options;
        var groupCommit = call is not null;
        try
        {
            var versionSource = options.VersionSourceSelector?.Invoke(request) ?? options.VersionSource;
            if (versionSource.Validate() is { } versionError)
            {
                // Sources returned per request escape start-up validation; refuse before sending anything.
                throw new InvalidOperationException(
                    $"ConflictResolutionStrategyOptions.VersionSourceSelector returned an invalid version source for {ConflictCall.Describe(request.Method, request.RequestUri!)}: {versionError}");
            }

            AddRequestedHeaders(request, options);
            byte[]? body = null;
            if (request.Content is not null)
            {
                body = await RequestSnapshot.CaptureBodyAsync(request, options.MaxBodySize, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext)
                    ?? throw ConflictErrors.RequestBodyTooLarge(call ?? new ConflictCall(request.Method, request.RequestUri!), options.MaxBodySize);
            }

            var resourceUri = request.Method == HttpMethod.Post ? null : strategy.LocateResource(context, request.Method, request.RequestUri!, call);

            var sentAt = strategy.BeginSend(context, request);
            var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
            strategy.EndSend(sentAt);
            if (outcome.Result is { } response && await IsConflictAsync(options, context, request, response).ConfigureAwait(context.ContinueOnCapturedContext))
            {
                call ??= new ConflictCall(request.Method, request.RequestUri!);
                call.Attempts = 1;
                var write = new ConflictWrite<TState>(strategy, callback, context, state, request, call, versionSource, body, resourceUri, merge);
                return await write.ResolveAsync(response).ConfigureAwait(context.ContinueOnCapturedContext);
            }

            if (outcome.Result is { IsSuccessStatusCode: true } written)
            {
                ConflictResolutionScope.Current?.RecordCompletion(ConflictOutcome.Written, attempts: 1, Representation.ReadEntityTag(written));
                await RememberAsync(strategy, resourceUri, versionSource, written, context).ConfigureAwait(context.ContinueOnCapturedContext);
            }

            return outcome;
        }
        catch (Exception e) when (!groupCommit)
        {
            return strategy.Fail(request, e);
        }
        finally
        {
            // Strategies outside this one see the caller's message again.
            context.SetRequestMessage(request);
        }
    }

    /// <summary>Answers <paramref name="conflict"/>, the first attempt's response, and every conflict after it.</summary>
    private async ValueTask<Outcome<HttpResponseMessage>> ResolveAsync(HttpResponseMessage conflict)
    {
        var response = conflict;
        for (var attempt = 1; ; attempt++)
        {
            if (attempt > 1)
            {
                _call.Attempts = attempt;
                var sentAt = _strategy.BeginSend(_context, _current);
                var outcome = await _callback(_context, _state).ConfigureAwait(ContinueOnCapturedContext);
                _strategy.EndSend(sentAt);
                if (outcome.Result is not { } next || !await IsConflictAsync(_options, _context, _current, next).ConfigureAwait(ContinueOnCapturedContext))
                {
                    if (outcome.Result is { IsSuccessStatusCode: true } written)
                    {
                        Complete(_mergedIntoExisting ? ConflictOutcome.MergedIntoExisting : ConflictOutcome.WrittenAfterConflict, written);
                        await RememberAsync(_strategy, _resourceUri, _versionSource, written, _context).ConfigureAwait(ContinueOnCapturedContext);
                    }

                    return outcome;
                }

                response = next;
            }

            var conflictBody = await RecordConflictResponseAsync(response).ConfigureAwait(ContinueOnCapturedContext);
            var retryAfter = _options.RespectRetryAfter ? ConflictBackoff.ReadRetryAfter(response.Headers, _strategy.TimeProvider) : null;
            var kind = Classify(response.StatusCode, retryAfter is not null);
            var sentTimes = RequestSnapshot.SendsOf(_current);
            response.Dispose();
            if (!ReferenceEquals(_current, _request))
            {
                _current.Dispose();
            }

            ConflictResolutionScope.Current?.RecordConflict();
            var willRetry = attempt < _options.MaxAttempts;

            // State carried by the 412 is fresh only now: the first conflict uses it at once. Waiting first would make
            // it stale and every retry conflict again; later conflicts back off and then fetch the state afresh.
            var useCarriedState = kind is ConflictKind.VersionConflict && attempt == 1 &&
                _options.ConflictResponseCarriesCurrent && conflictBody is { Body.Length: > 0 };

            // A second version conflict means others keep writing: from now on, retry only once the resource is quiet.
            _versionConflicts += kind is ConflictKind.VersionConflict ? 1 : 0;
            var listen = _options.ListenBeforeRetry && _versionConflicts > 1 && kind is ConflictKind.VersionConflict &&
                !IsCreate && willRetry && retryAfter is null;
            if (listen)
            {
                _listenWindow ??= ConflictBackoff.FirstListenWindow(_options, _strategy.RoundTrip.Current);
            }

            var delay = listen
                ? ConflictBackoff.ListenWait(_listenWindow!.Value, _options.Randomizer)
                : willRetry && !useCarriedState && kind is ConflictKind.VersionConflict or ConflictKind.InFlight
                ? ConflictBackoff.Compute(attempt, retryAfter, _options, _options.Randomizer, _strategy.RoundTrip.Current)
                : TimeSpan.Zero;
            await _strategy.ReportConflictAsync(_context, _call, kind, attempt, willRetry, delay).ConfigureAwait(ContinueOnCapturedContext);

            var result = kind switch
            {
                ConflictKind.VersionConflict when !IsCreate => await OnVersionConflictAsync(useCarriedState ? conflictBody : null, willRetry, delay, sentTimes, listen).ConfigureAwait(ContinueOnCapturedContext),
                ConflictKind.Duplicate => await OnDuplicateAsync(willRetry).ConfigureAwait(ContinueOnCapturedContext),
                ConflictKind.InFlight => await OnInFlightAsync(willRetry, delay).ConfigureAwait(ContinueOnCapturedContext),
                ConflictKind.PreconditionRequired => await OnPreconditionRequiredAsync().ConfigureAwait(ContinueOnCapturedContext),
                ConflictKind.BusinessRule => throw ConflictErrors.BusinessRule(_call),
                ConflictKind.IdempotencyKeyReused => throw ConflictErrors.IdempotencyKeyReused(_call, IdempotencyKey),
                _ => throw ConflictErrors.Unclassified(_call),
            };

            if (result is { } done)
            {
                return Outcome.FromResult(done);
            }
        }
    }

    // Returned as is: the caller awaits it, and a wrapper would add a state machine whenever the predicate completes later.
    private static ValueTask<bool> IsConflictAsync(ConflictResolutionStrategyOptions options, ResilienceContext context, HttpRequestMessage attempt, HttpResponseMessage response) =>
        options.ShouldHandle(new ConflictPredicateArguments(context, attempt, response));

    /// <summary>Remembers what was written as the base of a later three-way merge, when the merge strategy uses bases.</summary>
    private static ValueTask RememberAsync(ConflictResolutionResilienceStrategy strategy, Uri? resourceUri, VersionSource versionSource, HttpResponseMessage written, ResilienceContext context) =>
        resourceUri is not null && strategy.Bases is { } bases
            ? bases.RememberAsync(resourceUri, versionSource, written, context.CancellationToken)
            : default;

    private string? IdempotencyKey => _request.Headers.NonValidated.TryGetValues(ConflictResolutionConstants.IdempotencyKeyHeader, out var key) ? key.ToString() : null;

    /// <summary>Adds what the options ask for to the caller's message, so transient retries below resend it too.</summary>
    private static void AddRequestedHeaders(HttpRequestMessage request, ConflictResolutionStrategyOptions options)
    {
        var headers = request.Headers;
        var isCreate = request.Method == HttpMethod.Post;
        if (options.GenerateIdempotencyKeys && (isCreate || request.Method == HttpMethod.Patch) &&
            !headers.NonValidated.Contains(ConflictResolutionConstants.IdempotencyKeyHeader))
        {
            headers.TryAddWithoutValidation(ConflictResolutionConstants.IdempotencyKeyHeader, Guid.NewGuid().ToString());
        }

        var createOnly = request.Options.TryGetValue(ConflictRequestOptions.CreateOnly, out var requested) ? requested : options.CreateOnly && isCreate;
        if (createOnly && !headers.NonValidated.Contains("If-None-Match"))
        {
            headers.TryAddWithoutValidation("If-None-Match", "*");
        }
    }

    private ConflictKind Classify(HttpStatusCode status, bool hasRetryAfter)
    {
        var args = new ConflictClassificationArguments(_context, _current, status, _call.LastProblem, hasRetryAfter, _versionSource.WritesBody);
        return ConflictClassifier.Classify(args, _options.ConflictRules);
    }

    /// <summary>Another writer changed the resource: wait, take the current state (carried, or fetched), merge, and send again.</summary>
    private async ValueTask<HttpResponseMessage?> OnVersionConflictAsync(Representation? carriedState, bool willRetry, TimeSpan delay, int sentTimes, bool listen)
    {
        Representation remote;
        if (carriedState is not null)
        {
            remote = carriedState;
        }
        else if (listen)
        {
            remote = await FetchWhenQuietAsync(delay).ConfigureAwait(ContinueOnCapturedContext);
        }
        else
        {
            await DelayAsync(delay).ConfigureAwait(ContinueOnCapturedContext);
            remote = await FetchAsync().ConfigureAwait(ContinueOnCapturedContext);
        }

        _call.LastRemote = remote;

        // A transient retry below us sent this write twice: the 412 may answer our own first send, which was applied
        // while its response was lost. If the server holds exactly what we wrote, the write is done.
        if (sentTimes > 1 && HoldsWhatWeWrote(remote))
        {
            Complete(_call.Attempts == 1 ? ConflictOutcome.Written : ConflictOutcome.WrittenAfterConflict, remote.EntityTag);
            return remote.ToResponse(_request);
        }

        var input = InputFor(remote, willRetry);
        input.LocalVersion = _versionSource.ReadLocal(_snapshot, _versionSource.WritesBody && _body is not null ? input.ParseLocal() : null);
        // Before any merge, the base is the one passed with the request or remembered (resolved only now, not on every
        // write); after a merge, it is the state that merge was based on.
        input.Base = _baseBody
            ?? MergeBase.FromRequest(_request, _merge.SerializerOptions)
            ?? _strategy.Bases?.Find(_resourceUri!, input.LocalVersion);
        return await MergeAndPrepareAsync(input).ConfigureAwait(ContinueOnCapturedContext);
    }

    /// <summary>
    /// Listen before retrying (as carrier sense in CSMA): read the state, wait, and read again. Unchanged means nobody
    /// wrote for a whole window, so a write now is unlikely to collide; changed means others are busy, so wait twice as
    /// long and look again, at most <see cref="ConflictResolutionConstants.QuietChecksPerAttempt"/> times per attempt.
    /// Reads cost the server far less than writes that are bound to fail, and a writer that keeps winning is left alone.
    /// </summary>
    private async ValueTask<Representation> FetchWhenQuietAsync(TimeSpan firstWait)
    {
        var seen = await FetchAsync().ConfigureAwait(ContinueOnCapturedContext);
        var wait = firstWait;
        for (var check = 1; ; check++)
        {
            await DelayAsync(wait).ConfigureAwait(ContinueOnCapturedContext);
            var now = await FetchAsync().ConfigureAwait(ContinueOnCapturedContext);
            if (check == ConflictResolutionConstants.QuietChecksPerAttempt || IsSameState(seen, now))
            {
                return now;
            }

            seen = now;
            _listenWindow = ConflictBackoff.WidenListenWindow(_listenWindow!.Value, _options, _strategy.RoundTrip.Current);
            wait = ConflictBackoff.ListenWait(_listenWindow.Value, _options.Randomizer);
        }
    }

    private static bool IsSameState(Representation before, Representation after) =>
        string.Equals(before.EntityTag, after.EntityTag, StringComparison.Ordinal) && before.Body.AsSpan().SequenceEqual(after.Body);

    private ValueTask<Representation> FetchAsync() =>
        _strategy.FetchAsync(_callback, _context, _state, _snapshot, _resourceUri!, _call);

    /// <summary>A create met an existing resource: fail, adopt it, or merge my body into it, as the duplicate policy says.</summary>
    private async ValueTask<HttpResponseMessage?> OnDuplicateAsync(bool willRetry)
    {
        var policy = _request.Options.TryGetValue(ConflictRequestOptions.DuplicatePolicy, out var requested)
            ? requested
            : _options.DuplicatePolicySelector?.Invoke(_request) ?? _options.DuplicatePolicy;
        var existing = LocateExisting();
        if (policy == DuplicatePolicy.Fail)
        {
            throw ConflictErrors.Duplicate(_call, existing);
        }

        if (existing is null)
        {
            throw ConflictErrors.ExistingResourceUnknown(_call, policy);
        }

        if (!HttpOrigin.IsSame(existing, _snapshot.RequestUri))
        {
            throw ConflictErrors.CrossOriginRefetch(_call, existing);
        }

        var remote = await _strategy.FetchAsync(_callback, _context, _state, _snapshot, existing, _call).ConfigureAwait(ContinueOnCapturedContext);
        _call.LastRemote = remote;
        if (policy == DuplicatePolicy.AdoptExisting)
        {
            Complete(ConflictOutcome.Adopted, remote.EntityTag);
            return remote.ToResponse(_request);
        }

        // MergeIntoExisting: from here on this is an update of the existing resource, through the usual loop.
        var input = InputFor(remote, willRetry);
        (_method, _target, _resourceUri, _ifNoneMatch, _mergedIntoExisting) = (HttpMethod.Put, existing, existing, null, true);
        return await MergeAndPrepareAsync(input).ConfigureAwait(ContinueOnCapturedContext);
    }

    /// <summary>The first request with this Idempotency-Key is still running: wait, and send the very same request again.</summary>
    private async ValueTask<HttpResponseMessage?> OnInFlightAsync(bool willRetry, TimeSpan delay)
    {
        if (!willRetry)
        {
            throw ConflictErrors.InFlightExhausted(_call, _options.MaxAttempts);
        }

        await DelayAsync(delay).ConfigureAwait(ContinueOnCapturedContext);
        _current = CreateWrite();
        return null;
    }

    /// <summary>428: send the write again with the current version (a create, with If-None-Match: *), once.</summary>
    private async ValueTask<HttpResponseMessage?> OnPreconditionRequiredAsync()
    {
        if (_preconditionResent || _call.Attempts >= _options.MaxAttempts)
        {
            throw ConflictErrors.PreconditionRequiredAgain(_call);
        }

        _preconditionResent = true;
        if (IsCreate)
        {
            _ifNoneMatch = "*";
        }
        else
        {
            var remote = await FetchAsync().ConfigureAwait(ContinueOnCapturedContext);
            _call.LastRemote = remote;
            var version = InputFor(remote, willRetry: true).RemoteVersion;
            _body = PrepareBody(MergeDecision.WriteBytes(_body), version);
            _ifMatch = _versionSource.IfMatchFor(remote, version);
        }

        _current = CreateWrite();
        return null;
    }

    /// <summary>The merge input for <paramref name="remote"/>: its version read (a typed error when missing), and a typed error when no attempt is left to write against it.</summary>
    private MergeInput InputFor(Representation remote, bool willRetry)
    {
        var input = new MergeInput(_context, _call, _body, remote, _call.Attempts);
        input.RemoteVersion = _call.LastRemoteVersion = _versionSource.ReadRemote(remote, input.ReadRemote, _call);
        return willRetry ? input : throw ConflictErrors.AttemptsExhausted(_call, _options.MaxAttempts);
    }

    private async ValueTask<HttpResponseMessage?> MergeAndPrepareAsync(MergeInput input)
    {
        var (remote, remoteVersion) = (input.Remote, input.RemoteVersion);
        if (_reapply is not null)
        {
            _reapply.Consumed = true;
        }

        var decision = await MergeAsync(input).ConfigureAwait(ContinueOnCapturedContext);
        switch (decision.Kind)
        {
            case MergeResultKind.AcceptRemote:
                Complete(decision.IsUnchanged ? ConflictOutcome.Unchanged : _mergedIntoExisting ? ConflictOutcome.Adopted : ConflictOutcome.ServerWon, remote.EntityTag);
                return remote.ToResponse(_request);
            case MergeResultKind.GiveUp:
                throw ConflictErrors.MergeGaveUp(_call, decision.Reason);
        }

        // The merged body is based on this remote state: it is the base of the next merge, if there is one.
        _baseBody = remote.Body;
        _body = PrepareBody(decision, remoteVersion);
        _ifMatch = _versionSource.IfMatchFor(remote, remoteVersion);
        _current = CreateWrite();
        return null;
    }

    private async ValueTask<MergeDecision> MergeAsync(MergeInput input)
    {
        try
        {
            return await _merge.MergeAsync(input).ConfigureAwait(false);
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
    }

    private HttpRequestMessage CreateWrite() => _snapshot.CreateWrite(_body, _ifMatch, _ifNoneMatch, _method, _target);

    private byte[]? PrepareBody(MergeDecision decision, VersionToken remoteVersion)
    {
        if (!_versionSource.WritesBody)
        {
            return decision.HasJson ? JsonBytes(decision.Json) : decision.Body;
        }

        // Body versions: the version travels inside the document, so it is written into whatever is re-sent.
        var json = decision.HasJson ? decision.Json : decision.Body is null ? null : MergeInput.Parse(decision.Body, "the request body", _call);
        if (json is null)
        {
            return decision.HasJson ? JsonBytes(json) : decision.Body;
        }

        _versionSource.WriteVersion(json, remoteVersion, _call);
        return JsonBytes(json);
    }

    private static byte[] JsonBytes(JsonNode? json) => json is null ? "null"u8.ToArray() : JsonSerializer.SerializeToUtf8Bytes(json, JsonMergeSerializerContext.Default.JsonNode);

    /// <summary>Whether the server's state is the body we sent (versions aside): JSON compared by value, anything else by bytes.</summary>
    private bool HoldsWhatWeWrote(Representation remote)
    {
        if (_body is null)
        {
            return false;
        }

        try
        {
            var mine = JsonNode.Parse(_body);
            var theirs = JsonNode.Parse(remote.Body);
            if (mine is not null && theirs is not null)
            {
                _versionSource.RemoveVersion(mine);
                _versionSource.RemoveVersion(theirs);
            }

            return JsonNode.DeepEquals(mine, theirs);
        }
        catch (JsonException)
        {
            return _body.AsSpan().SequenceEqual(remote.Body);
        }
    }

    /// <summary>Where the resource a create collided with lives: Location, the problem details, or the application's locator.</summary>
    private Uri? LocateExisting()
    {
        var said = _call.LastLocation ?? ProblemLocation(_call.LastProblem);
        var located = said is not null && Uri.TryCreate(said, UriKind.RelativeOrAbsolute, out var uri)
            ? uri
            : _options.ExistingResourceLocator?.Invoke(new ExistingResourceArguments(_context, _snapshot.Method, _snapshot.RequestUri, _body ?? [], _call.LastProblem));
        return located is null ? null : located.IsAbsoluteUri ? located : new Uri(_snapshot.RequestUri, located);
    }

    private static string? ProblemLocation(ProblemDetails? problem)
    {
        foreach (var name in (ReadOnlySpan<string>)["location", "existing", "existingResource", "existingLocation"])
        {
            if (problem?.Extensions.TryGetValue(name, out var value) == true && value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }
        }

        return null;
    }

    /// <summary>Reads the conflict's body (bounded) for problem details and, when configured, the current state.</summary>
    private async ValueTask<Representation?> RecordConflictResponseAsync(HttpResponseMessage response)
    {
        _call.LastStatus = response.StatusCode;
        _call.LastLocation = response.Headers.Location?.OriginalString;
        var representation = await Representation.ReadAsync(response, _options.MaxBodySize, CancellationToken).ConfigureAwait(false);
        _call.LastProblem = ProblemDetailsReader.TryRead(representation);
        return representation;
    }

    private Task DelayAsync(TimeSpan delay) =>
        delay > TimeSpan.Zero ? Task.Delay(delay, _strategy.TimeProvider, CancellationToken) : Task.CompletedTask;

    private void Complete(ConflictOutcome outcome, HttpResponseMessage written) =>
        Complete(outcome, ConflictResolutionScope.Current is null ? null : Representation.ReadEntityTag(written));

    private void Complete(ConflictOutcome outcome, string? entityTag)
    {
        ConflictResolutionScope.Current?.RecordCompletion(outcome, _call.Attempts, entityTag);
        if (outcome != ConflictOutcome.Written)
        {
            Log.ConflictResolved(_strategy.Logger, _call.Method.Method, HttpOrigin.Redact(_call.RequestUri), outcome.ToString(), _call.Attempts);
        }
    }
}
