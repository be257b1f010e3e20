using System.Text.Json.Nodes;
using ConflictClient.Http;
using ConflictClient.Merging;
using ConflictClient.Telemetry;
using ConflictClient.Versioning;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Telemetry;

namespace ConflictClient.Conflicts;

/// <summary>
/// Sends a write; on a conflict waits, fetches the current representation, merges, and sends again with the current
/// version, until the write succeeds, the merge gives up, or the attempts are spent.
/// </summary>
/// <remarks>
/// It runs inside Microsoft.Extensions.Http.Resilience's <c>ResilienceHandler</c>, which sends whatever request the
/// context holds: so each attempt and each re-fetch is a fresh message put into the context, and the caller's message
/// is put back at the end for strategies outside this one.
/// </remarks>
internal sealed class ConflictResolutionResilienceStrategy : ResilienceStrategy<HttpResponseMessage>
{
    private readonly ConflictResolutionStrategyOptions _options;
    private readonly MergeStrategy _merge;
    private readonly TimeProvider _timeProvider;
    private readonly ResilienceStrategyTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly RepresentationCache? _bases;

    public ConflictResolutionResilienceStrategy(ConflictResolutionStrategyOptions options, TimeProvider timeProvider, ResilienceStrategyTelemetry telemetry, ILogger logger)
    {
        _options = options;
        _merge = options.MergeStrategy!;
        _timeProvider = timeProvider;
        _telemetry = telemetry;
        _logger = logger;
        _bases = _merge.UsesBase && options.BaseCacheSize > 0 ? new RepresentationCache(options.BaseCacheSize) : null;
    }

    /// <summary>Gets the remembered bases; null when the merge strategy uses none or remembering is off.</summary>
    internal RepresentationCache? Bases => _bases;

    protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state)
    {
        var request = context.GetRequestMessage();
        if (request?.RequestUri is null || !(ConflictResolutionConstants.IsUpdate(request.Method) || request.Method == HttpMethod.Post))
        {
            return request?.Method == HttpMethod.Get && _bases is not null
                ? await ReadAndRememberAsync(callback, context, state, request).ConfigureAwait(context.ContinueOnCapturedContext)
                : await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        }

        var call = new ConflictCall(request.Method, request.RequestUri);
        try
        {
            var outcome = request.Method == HttpMethod.Post
                ? await SendCreateAsync(callback, context, state, request, call).ConfigureAwait(context.ContinueOnCapturedContext)
                : await SendUpdateAsync(callback, context, state, request, call).ConfigureAwait(context.ContinueOnCapturedContext);
            return outcome;
        }
        catch (ConflictException e)
        {
            Log.ConflictFailed(_logger, call.Method.Method, HttpOrigin.Redact(call.RequestUri), e.Reason.ToString(), call.Attempts);
            return Outcome.FromException<HttpResponseMessage>(e);
        }
#pragma warning disable CA1031 // A strategy reports failures as outcomes; the handler rethrows them to the caller.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Outcome.FromException<HttpResponseMessage>(e);
        }
        finally
        {
            context.SetRequestMessage(request);
        }
    }

    private async ValueTask<Outcome<HttpResponseMessage>> SendCreateAsync<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state,
        HttpRequestMessage request,
        ConflictCall call)
    {
        call.Attempts = 1;
        var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        if (outcome.Result is not { } response || !await IsConflictAsync(context, request, response).ConfigureAwait(context.ContinueOnCapturedContext))
        {
            return outcome;
        }

        await RecordConflictResponseAsync(call, response, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
        ConflictResolutionScope.Current?.RecordConflict();
        throw ConflictErrors.CreateConflict(call);
    }

    private async ValueTask<Outcome<HttpResponseMessage>> SendUpdateAsync<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state,
        HttpRequestMessage request,
        ConflictCall call)
    {
        var cancellationToken = context.CancellationToken;
        var versionSource = _options.VersionSourceSelector?.Invoke(request) ?? _options.VersionSource;
        if (versionSource.Validate() is { } versionError)
        {
            // Sources returned per request escape start-up validation; refuse before sending anything.
            throw new InvalidOperationException(
                $"ConflictResolutionStrategyOptions.VersionSourceSelector returned an invalid version source for {call.Describe()}: {versionError}");
        }

        var snapshot = await RequestSnapshot.CaptureAsync(request, _options.MaxBodySize, cancellationToken).ConfigureAwait(context.ContinueOnCapturedContext)
            ?? throw ConflictErrors.RequestBodyTooLarge(call, _options.MaxBodySize);
        var resourceUri = LocateResource(context, snapshot, call);
        var body = snapshot.Body;
        var current = request;
        // A Reapply call brings its own change; it answers this write's conflicts instead of the client's strategy.
        var reapply = ReapplyContext.Current;
        var merge = reapply?.Strategy ?? _merge;
        var baseBody = MergeBase.FromRequest(request, merge.SerializerOptions);

        for (var attempt = 1; ; attempt++)
        {
            call.Attempts = attempt;
            context.SetRequestMessage(current);
            var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
            if (outcome.Result is not { } response || !await IsConflictAsync(context, current, response).ConfigureAwait(context.ContinueOnCapturedContext))
            {
                if (outcome.Result is { IsSuccessStatusCode: true } written)
                {
                    Complete(call, attempt == 1 ? ConflictOutcome.Written : ConflictOutcome.WrittenAfterConflict);
                    await RememberAsync(resourceUri, versionSource, written, cancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
                }

                return outcome;
            }

            var conflictBody = await RecordConflictResponseAsync(call, response, cancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
            var retryAfter = _options.RespectRetryAfter ? ConflictBackoff.ReadRetryAfter(response.Headers, _timeProvider) : null;
            response.Dispose();
            if (!ReferenceEquals(current, request))
            {
                current.Dispose();
            }

            ConflictResolutionScope.Current?.RecordConflict();
            var willRetry = attempt < _options.MaxAttempts;
            var delay = willRetry ? ConflictBackoff.Compute(attempt, retryAfter, _options, _options.Randomizer) : TimeSpan.Zero;
            await ReportConflictAsync(context, call, attempt, willRetry, delay).ConfigureAwait(context.ContinueOnCapturedContext);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
            }

            var remote = _options.ConflictResponseCarriesCurrent && conflictBody is { Body.Length: > 0 }
                ? conflictBody
                : await FetchCurrentAsync(callback, context, state, snapshot, resourceUri, call).ConfigureAwait(context.ContinueOnCapturedContext);
            call.LastRemote = remote;

            var input = new MergeInput(context, call, snapshot, body, remote, attempt);
            var remoteVersion = versionSource.ReadRemote(remote, input.ReadRemote, call);
            call.LastRemoteVersion = remoteVersion;
            if (!willRetry)
            {
                throw ConflictErrors.AttemptsExhausted(call, _options.MaxAttempts);
            }

            input.RemoteVersion = remoteVersion;
            input.LocalVersion = versionSource.ReadLocal(snapshot, versionSource.WritesBody && body is not null ? input.ParseLocal() : null);
            input.Base = attempt == 1 ? baseBody ?? RememberedBase(resourceUri, input.LocalVersion) : baseBody;

            if (reapply is not null)
            {
                reapply.Consumed = true;
            }

            var decision = await MergeAsync(merge, input, call).ConfigureAwait(context.ContinueOnCapturedContext);
            switch (decision.Kind)
            {
                case MergeResultKind.AcceptRemote:
                    Complete(call, decision.IsUnchanged ? ConflictOutcome.Unchanged : ConflictOutcome.ServerWon);
                    return Outcome.FromResult(remote.ToResponse(request));
                case MergeResultKind.GiveUp:
                    throw ConflictErrors.MergeGaveUp(call, decision.Reason);
            }

            // The merged body is based on this remote state: it is the base of the next merge, if there is one.
            baseBody = remote.Body;
            body = PrepareBody(decision, versionSource, remoteVersion, call);
            current = snapshot.CreateWrite(body, versionSource.IfMatchFor(remote, remoteVersion));
        }
    }

    private static byte[]? PrepareBody(MergeDecision decision, VersionSource versionSource, VersionToken remoteVersion, ConflictCall call)
    {
        if (!versionSource.WritesBody)
        {
            return decision.HasJson ? JsonBytes(decision.Json) : decision.Body;
        }

        // Body versions: the version travels inside the document, so it is written into whatever is re-sent.
        var json = decision.HasJson ? decision.Json : decision.Body is null ? null : MergeInput.Parse(decision.Body, "the request body", call);
        if (json is null)
        {
            return decision.HasJson ? JsonBytes(json) : decision.Body;
        }

        versionSource.WriteVersion(json, remoteVersion, call);
        return JsonBytes(json);
    }

    private static byte[] JsonBytes(JsonNode? json) => json is null ? "null"u8.ToArray() : System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());

    private static async ValueTask<MergeDecision> MergeAsync(MergeStrategy merge, MergeInput input, ConflictCall call)
    {
        try
        {
            return await merge.MergeAsync(input).ConfigureAwait(false);
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
            throw ConflictErrors.MergeFailed(call, e);
        }
    }

    private async ValueTask<bool> IsConflictAsync(ResilienceContext context, HttpRequestMessage request, HttpResponseMessage response) =>
        await _options.ShouldHandle(new ConflictPredicateArguments(context, request, response)).ConfigureAwait(context.ContinueOnCapturedContext);

    /// <summary>Reads the conflict's body (bounded) for problem details and, when configured, the current state; disposes the response.</summary>
    private async ValueTask<Representation?> RecordConflictResponseAsync(ConflictCall call, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            call.LastStatus = response.StatusCode;
            var representation = await Representation.ReadAsync(response, _options.MaxBodySize, cancellationToken).ConfigureAwait(false);
            call.LastProblem = ProblemDetailsReader.TryRead(representation);
            return representation;
        }
    }

    /// <summary>Where the current representation is fetched from: the write's URI, or the locator's, on the same origin only.</summary>
    private Uri LocateResource(ResilienceContext context, RequestSnapshot snapshot, ConflictCall call)
    {
        if (_options.ResourceLocator is not { } locate)
        {
            return snapshot.RequestUri;
        }

        var located = locate(new ResourceLocatorArguments(context, snapshot.Method, snapshot.RequestUri));
        var uri = located.IsAbsoluteUri ? located : new Uri(snapshot.RequestUri, located);
        return HttpOrigin.IsSame(uri, snapshot.RequestUri) ? uri : throw ConflictErrors.CrossOriginRefetch(call, uri);
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
                var versionSource = _options.VersionSourceSelector?.Invoke(request) ?? _options.VersionSource;
                await RememberAsync(request.RequestUri!, versionSource, response, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
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

    /// <summary>
    /// Keeps a JSON representation as a future base. The content is buffered, so the caller still reads it whole;
    /// bodies above <see cref="ConflictResolutionStrategyOptions.MaxBodySize"/> are not kept.
    /// </summary>
    private async ValueTask RememberAsync(Uri uri, VersionSource versionSource, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (_bases is null || response.Content is not { } content || !JsonMediaType.Is(content.Headers.ContentType?.MediaType) ||
            content.Headers.ContentLength > _options.MaxBodySize)
        {
            return;
        }

        await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length is > 0 && body.Length <= _options.MaxBodySize)
        {
            var representation = new Representation(response.StatusCode, body, content.Headers.ContentType, Representation.ReadEntityTag(response));
            if (versionSource.TryReadRemote(representation, () => TryParse(body), out var version))
            {
                _bases.Remember(uri, version, representation);
            }
        }
    }

    private static JsonNode? TryParse(byte[] utf8)
    {
        try
        {
            return JsonNode.Parse(utf8);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The remembered representation of <paramref name="uri"/> at the version the write carried, if any.</summary>
    private byte[]? RememberedBase(Uri uri, VersionToken localVersion) =>
        localVersion.IsEmpty ? null : _bases?.Find(uri, localVersion)?.Body;

    private async ValueTask<Representation> FetchCurrentAsync<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state,
        RequestSnapshot snapshot,
        Uri uri,
        ConflictCall call)
    {
        using var get = snapshot.CreateRefetch(uri);
        context.SetRequestMessage(get);
        var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        outcome.ThrowIfException();
        using var response = outcome.Result!;
        if (!response.IsSuccessStatusCode)
        {
            var failure = await Representation.ReadAsync(response, _options.MaxBodySize, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
            call.LastProblem = ProblemDetailsReader.TryRead(failure);
            throw ConflictErrors.RefetchFailed(call, uri, response.StatusCode);
        }

        return await Representation.ReadAsync(response, _options.MaxBodySize, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext)
            ?? throw ConflictErrors.RemoteBodyTooLarge(call, _options.MaxBodySize);
    }

    private async ValueTask ReportConflictAsync(ResilienceContext context, ConflictCall call, int attempt, bool willRetry, TimeSpan delay)
    {
        var args = new OnConflictArguments(context, call.Method, call.RequestUri, call.LastStatus!.Value, attempt, willRetry, delay, call.LastProblem);
        _telemetry.Report(new ResilienceEvent(ResilienceEventSeverity.Warning, ConflictResolutionConstants.OnConflictEvent), context, args);
        if (willRetry)
        {
            Log.ConflictRetrying(_logger, call.Method.Method, HttpOrigin.Redact(call.RequestUri), (int)call.LastStatus.Value, attempt, _options.MaxAttempts, delay);
        }

        if (_options.OnConflict is { } onConflict)
        {
            await onConflict(args).ConfigureAwait(context.ContinueOnCapturedContext);
        }
    }

    private void Complete(ConflictCall call, ConflictOutcome outcome)
    {
        ConflictResolutionScope.Current?.RecordCompletion(outcome, call.Attempts);
        if (outcome != ConflictOutcome.Written)
        {
            Log.ConflictResolved(_logger, call.Method.Method, HttpOrigin.Redact(call.RequestUri), outcome.ToString(), call.Attempts);
        }
    }
}
