using ConflictClient.Http;
using ConflictClient.Merging;
using ConflictClient.Reporting;
using ConflictClient.Telemetry;
using ConflictClient.Versioning;
using Polly;

namespace ConflictClient.Conflicts;

/// <summary>
/// One guarded write, from the first send to its outcome, which is one of three: applied exactly once (success),
/// not applied (a typed <see cref="ConflictException"/>), or unknown (<see cref="ConflictFailureReason.OutcomeUnknown"/>).
/// </summary>
/// <remarks>
/// <para>
/// Each conflict-like response is classified once (<see cref="ConflictClassifier"/>), what it proves is recorded in the
/// <see cref="WriteState"/>, the <see cref="RetryPlan"/> says whether and when to send again, and one handler per kind
/// answers it. Every attempt and every fetch is a fresh message put into the resilience context, because the handler
/// running the pipeline sends whatever message the context holds.
/// </para>
/// <para>
/// Most writes meet no conflict, so <see cref="RunAsync"/> sends the first attempt without any per-write state; this
/// object exists only once a response needs answering.
/// </para>
/// </remarks>
internal sealed partial class ConflictWrite<TState>
{
    private readonly ConflictResolutionResilienceStrategy _strategy;
    private readonly ConflictResolutionStrategyOptions _options;
    private readonly Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> _callback;
    private readonly ResilienceContext _context;
    private readonly TState _state;
    private readonly HttpRequestMessage _request;
    private readonly ConflictCall _call;
    private readonly VersionSource _versionSource;
    private readonly MergeStrategy _merge;
    private readonly RequestSnapshot _snapshot;
    private readonly WriteState _write;
    private readonly long _firstConflictAt;
    private HttpRequestMessage _current;
    private System.Diagnostics.Activity? _activity;
    private ConflictOutcome? _completedAs;

    private ConflictWrite(ConflictResolutionResilienceStrategy strategy, Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback, ResilienceContext context, TState state, HttpRequestMessage request, ConflictCall call, VersionSource versionSource, byte[]? body, Uri? resourceUri, MergeStrategy? merge)
    {
        (_strategy, _options, _callback, _context, _state) = (strategy, strategy.Options, callback, context, state);
        (_request, _current, _call, _versionSource) = (request, request, call, versionSource);
        _snapshot = new RequestSnapshot(request, body);
        _merge = merge ?? _options.MergeStrategy!;
        _firstConflictAt = strategy.TimeProvider.GetTimestamp();

        // Read only now: a write that meets no conflict never looks at its headers again.
        _write = new WriteState(request.Method, request.RequestUri!, resourceUri, body, _snapshot.IfMatch, _snapshot.IfNoneMatch, _snapshot.IdempotencyKey);
        _write.IsConditional = _snapshot.IfMatch is not null || _snapshot.IfUnmodifiedSince is not null ||
            versionSource.Carries(request.RequestUri!, body);
    }

    private bool ContinueOnCapturedContext => _context.ContinueOnCapturedContext;

    private bool IsCreate => _write.Method == HttpMethod.Post;

    private TimeSpan TimeLeft => _options.MaxResolutionTime - _strategy.TimeProvider.GetElapsedTime(_firstConflictAt);

    /// <summary>Answers <paramref name="conflict"/>, the first attempt's response, and every conflict after it.</summary>
    private async ValueTask<Outcome<HttpResponseMessage>> ResolveAsync(HttpResponseMessage conflict)
    {
        using var activity = _activity = ConflictTelemetry.StartResolution(_request);
        Outcome<HttpResponseMessage> outcome;
        try
        {
            outcome = await ResolveCoreAsync(conflict).ConfigureAwait(ContinueOnCapturedContext);
        }
        catch (Exception e)
        {
            RecordResolution(Outcome.FromException<HttpResponseMessage>(e));
            throw;
        }

        RecordResolution(outcome);
        return outcome;
    }

    /// <summary>Measures how the write ended: the outcome it completed with, the failure's reason, or the final status.</summary>
    private void RecordResolution(Outcome<HttpResponseMessage> outcome)
    {
        var (result, succeeded) = outcome switch
        {
            { Exception: ConflictException failure } => (failure.Reason.ToString(), false),
            { Exception: OperationCanceledException } => ("Canceled", false),
            { Exception: not null } => ("TransportFailure", false),
            _ when _completedAs is { } completed => (completed.ToString(), true),
            { Result: { } answer } => ($"Http{(int)answer.StatusCode}", answer.IsSuccessStatusCode),
            _ => ("Unknown", false),
        };
        ConflictTelemetry.Resolved(_activity, _request, result, succeeded, _call.Attempts, _strategy.TimeProvider.GetElapsedTime(_firstConflictAt));
    }

    private async ValueTask<Outcome<HttpResponseMessage>> ResolveCoreAsync(HttpResponseMessage conflict)
    {
        try
        {
            var response = conflict;
            while (true)
            {
                if (await AnswerAsync(response).ConfigureAwait(ContinueOnCapturedContext) is { } done)
                {
                    return Outcome.FromResult(done);
                }

                _call.Attempts++;
                var sentAt = _strategy.BeginSend(_context, _current);
                var outcome = await _callback(_context, _state).ConfigureAwait(ContinueOnCapturedContext);
                _strategy.EndSend(sentAt);
                if (outcome.Exception is { } failure)
                {
                    return Outcome.FromException<HttpResponseMessage>(RetryFailed(failure));
                }

                if (!await IsConflictAsync(_options, _context, _current, outcome.Result!).ConfigureAwait(ContinueOnCapturedContext))
                {
                    if (outcome.Result is { } answer && RequestSnapshot.SendsOf(_current) > 1 && !IsProof(answer, _current, _versionSource, _write.Body))
                    {
                        _call.LastStatus = answer.StatusCode;
                        answer.Dispose();
                        throw ConflictErrors.OutcomeUnknown(_call, cause: null, resentAndSucceeded: answer.IsSuccessStatusCode);
                    }

                    if (outcome.Result is { IsSuccessStatusCode: true } written)
                    {
                        Complete(_write.MergedIntoExisting ? ConflictOutcome.MergedIntoExisting : ConflictOutcome.WrittenAfterConflict, written);
                        await RememberAsync(_strategy, _write.ResourceUri, _versionSource, written, _context).ConfigureAwait(ContinueOnCapturedContext);
                        if (_context.CancellationToken.IsCancellationRequested)
                        {
                            _call.LastStatus = written.StatusCode;
                            _call.Report.Kept ??= _write.Body;
                            written.Dispose();
                            throw AppliedButCanceled(_call, _context.CancellationToken);
                        }

                        if (_write.MergedIntoExisting && IsEmpty(written))
                        {
                            // A create merged into what exists returns the state it wrote, even when the update was answered 204.
                            return Outcome.FromResult(WrittenState(written));
                        }
                    }

                    return outcome;
                }

                response = outcome.Result!;
            }
        }
        catch (Exception e) when (_write.MayHaveBeenApplied && e is not ConflictException { Reason: ConflictFailureReason.OutcomeUnknown or ConflictFailureReason.CanceledAfterApplied })
        {
            // The promise's safety net: once a send may have been applied, no failure may say "not applied" (a
            // cancellation included: OperationCanceledException means the write was not applied).
            throw ConflictErrors.OutcomeUnknown(_call, e);
        }
    }

    /// <summary>
    /// Answers one conflict-like response: returns the caller's final response, or null once the next message is ready
    /// in <see cref="_current"/>; throws a typed error when the write ends without success.
    /// </summary>
    private async ValueTask<HttpResponseMessage?> AnswerAsync(HttpResponseMessage response)
    {
        // What the sends prove is recorded before anything else can fail: reading the answer's body may.
        _write.RecordSends(RequestSnapshot.SendsOf(_current), _current.Headers.NonValidated.Contains(ConflictResolutionConstants.IdempotencyKeyHeader));
        var conflictBody = await RecordConflictResponseAsync(response).ConfigureAwait(ContinueOnCapturedContext);
        var retryAfter = _options.RespectRetryAfter ? ConflictBackoff.ReadRetryAfter(response.Headers, _strategy.TimeProvider) : null;
        var kind = Classify(response.StatusCode, retryAfter is not null);
        _write.RecordKind(kind);
        ConflictTelemetry.Conflict(_activity, _request, kind, (int)response.StatusCode, _call.Attempts);
        response.Dispose();
        if (!ReferenceEquals(_current, _request))
        {
            _current.Dispose();
        }

        ConflictResolutionScope.Current?.RecordConflict();
        var plan = RetryPlan.Decide(
            new RetryInput(kind, _call.Attempts, _write.VersionConflicts, IsCreate, retryAfter, _options.ConflictResponseCarriesCurrent && conflictBody is { Body.Length: > 0 }, DuplicatePolicyOf() == DuplicatePolicy.MergeIntoExisting, _strategy.RoundTrip.Current, _write.ListenWindow, TimeLeft),
            _options);
        if (_write.MayHaveBeenApplied)
        {
            // An earlier send may have been applied and its answer lost: merging again could apply it twice, and
            // calling it done could hide a loss. Tell the caller, with the server's current state.
            await _strategy.ReportConflictAsync(_context, _call, kind, _call.Attempts, willRetry: false, TimeSpan.Zero).ConfigureAwait(ContinueOnCapturedContext);
            await TryFetchForReportAsync().ConfigureAwait(ContinueOnCapturedContext);
            throw ConflictErrors.OutcomeUnknown(_call, cause: null);
        }

        _write.ListenWindow = plan.ListenWindow;
        _write.WaitBeyondBudget = plan.WaitBeyondBudget;
        await _strategy.ReportConflictAsync(_context, _call, kind, _call.Attempts, plan.WillRetry, plan.Delay).ConfigureAwait(ContinueOnCapturedContext);
        return kind switch
        {
            ConflictKind.VersionConflict when ResourceOfVersionConflict() is not null => await OnVersionConflictAsync(plan, plan.UseCarriedState ? conflictBody : null).ConfigureAwait(ContinueOnCapturedContext),
            ConflictKind.Duplicate => await OnDuplicateAsync(plan.WillRetry).ConfigureAwait(ContinueOnCapturedContext),
            ConflictKind.InFlight => await OnInFlightAsync(plan).ConfigureAwait(ContinueOnCapturedContext),
            ConflictKind.PreconditionRequired => await OnPreconditionRequiredAsync(plan).ConfigureAwait(ContinueOnCapturedContext),
            ConflictKind.BusinessRule => throw ConflictErrors.BusinessRule(_call),
            ConflictKind.IdempotencyKeyReused => throw ConflictErrors.IdempotencyKeyReused(_call, _write.IdempotencyKey),
            _ => throw ConflictErrors.Unclassified(_call, _write.IsConditional),
        };
    }

    private static bool IsEmpty(HttpResponseMessage response) =>
        response.StatusCode == System.Net.HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0;

    /// <summary>The state this write put on the server, as the answer to the caller, with the version the server gave it.</summary>
    private HttpResponseMessage WrittenState(HttpResponseMessage written)
    {
        var state = new Representation(System.Net.HttpStatusCode.OK, _write.Body ?? [], _request.Content?.Headers.ContentType, Representation.ReadEntityTag(written));
        written.Dispose();
        return state.ToResponse(_request);
    }

    /// <summary>A retry's transport failure: unknown once it may have reached the server; cancellation stays cancellation.</summary>
    private Exception RetryFailed(Exception failure) =>
        SendProof.TransportFailure(failure, _context.CancellationToken, _current, _write.Body is not null, _call);

    // Returned as is: the caller awaits it, and a wrapper would add a state machine whenever the predicate completes later.
    private static ValueTask<bool> IsConflictAsync(ConflictResolutionStrategyOptions options, ResilienceContext context, HttpRequestMessage attempt, HttpResponseMessage response) =>
        options.ShouldHandle(new ConflictPredicateArguments(context, attempt, response));

    private ConflictKind Classify(System.Net.HttpStatusCode status, bool hasRetryAfter)
    {
        var args = new ConflictClassificationArguments(_context, _current, status, _call.LastProblem, hasRetryAfter, _write.IsConditional, _call.LastError, _versionSource.IsCreateOnly(_current.RequestUri!));
        return ConflictClassifier.Classify(args, _options.ConflictRules);
    }

    private DuplicatePolicy DuplicatePolicyOf() =>
        _request.Options.TryGetValue(ConflictRequestOptions.DuplicatePolicy, out var requested)
            ? requested
            : _options.DuplicatePolicySelector?.Invoke(_request) ?? _options.DuplicatePolicy;

    /// <summary>Reads the conflict's body (bounded) for problem details and, when configured, the current state.</summary>
    private async ValueTask<Representation?> RecordConflictResponseAsync(HttpResponseMessage response)
    {
        _call.LastStatus = response.StatusCode;
        _call.LastLocation = response.Headers.Location?.OriginalString;
        var representation = await Representation.ReadAsync(response, _options.MaxBodySize, _context.CancellationToken).ConfigureAwait(false);
        _call.LastProblem = ProblemDetailsReader.TryRead(representation);
        // A body that is the current state (as configured) says nothing about the error: only headers do.
        _call.LastError = ErrorVocabulary.Read(_options.ConflictResponseCarriesCurrent ? null : representation, response.Headers.NonValidated);
        return representation;
    }

    private Task DelayAsync(TimeSpan delay) =>
        delay > TimeSpan.Zero ? Task.Delay(delay, _strategy.TimeProvider, _context.CancellationToken) : Task.CompletedTask;

    private void Complete(ConflictOutcome outcome, HttpResponseMessage written) =>
        Complete(outcome, ConflictResolutionScope.Current is null ? null : Representation.ReadEntityTag(written));

    private void Complete(ConflictOutcome outcome, string? entityTag)
    {
        _completedAs = outcome;
        if (ConflictResolutionScope.Current is { } scope)
        {
            scope.RecordCompletion(outcome, _call.Attempts, entityTag, _call.Report.HasConflict ? _call.Report.Create(ReportHeadlines.For(outcome), resolved: true) : null);
        }
        if (outcome != ConflictOutcome.Written)
        {
            Log.ConflictResolved(_strategy.Logger, _call.Method.Method, HttpOrigin.Redact(_call.RequestUri), outcome.ToString(), _call.Attempts);
        }
    }
}
