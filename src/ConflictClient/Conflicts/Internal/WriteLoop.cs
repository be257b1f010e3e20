using System.Runtime.CompilerServices;
using ConflictClient.Http;
using ConflictClient.Merging;
using ConflictClient.Versioning;
using Polly;

namespace ConflictClient.Conflicts;

/// <summary>
/// One guarded write, from its first send to its outcome: applied exactly once (success), not applied (a typed
/// <see cref="ConflictException"/>), or unknown (<see cref="ConflictFailureReason.OutcomeUnknown"/>).
/// </summary>
/// <remarks>
/// Most writes meet no conflict, so the first send runs here without any per-write state; the plan, the attempts and
/// the progress exist only once an answer needs one (<see cref="ResolveAsync{TState}"/>).
/// </remarks>
internal static partial class WriteLoop
{
    /// <summary>
    /// Sends <paramref name="request"/> as a guarded write and answers its conflicts; failures come back as outcomes
    /// (or are thrown, with <paramref name="rethrow"/>, for a group's leader to hand to every caller). A re-applied change
    /// or a group's changes come as <paramref name="merge"/>; a group's write built on a caller's state is
    /// <paramref name="startedUnverified"/>.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<Outcome<HttpResponseMessage>> RunAsync<TState>(WriteSender<TState> sender, HttpRequestMessage request, MergeStrategy? merge = null, bool rethrow = false, bool startedUnverified = false)
    {
        var services = sender.Services;
        var options = services.Options;
        var context = sender.Context;
        ConflictTurn? turn = null;
        HttpResponseMessage? written = null;
        try
        {
            var settings = options.ForRequest?.Invoke(new ConflictRequestArguments(context, request));
            var versionSource = settings?.VersionSource ?? options.Versions.Source;
            if (settings?.VersionSource is not null && versionSource.Validate() is { } versionError)
            {
                // Sources returned per request escape start-up validation; refuse before sending anything.
                throw new InvalidOperationException(
                    $"ConflictResolutionStrategyOptions.ForRequest returned an invalid version source for {request.Method} {HttpOrigin.Redact(request.RequestUri)}: {versionError}");
            }

            // A write an earlier process may have sent gets no key of this process's: a new key would claim a proof it has not.
            var sentBefore = request.Options.TryGetValue(ConflictRequestOptions.SentBefore, out var sent) && sent;
            AddRequestedHeaders(request, options, generateKey: !sentBefore);
            var body = await RequestSnapshot.CaptureBodyAsync(request, options.MaxBodySize, context.CancellationToken, sentBefore).ConfigureAwait(context.ContinueOnCapturedContext);
            if (body is null)
            {
                throw ConflictErrors.RequestBodyTooLarge(Failed(sender, request, attempts: 0), options.MaxBodySize);
            }

            if (sentBefore && !SendProof.MayResendAfterRestart(request.Headers.NonValidated.Contains(ConflictResolutionConstants.IdempotencyKeyHeader), IsConditional(request, versionSource, body)))
            {
                throw ConflictErrors.NotResentAfterRestart(Failed(sender, request, attempts: 1));
            }

            var read = settings?.Read is { } custom ? Locate(sender, request, custom) : null;
            var resource = read?.Uri ?? (WriteRequests.EffectiveMethod(request) == HttpMethod.Post ? null : versionSource.ResourceUriOf(request.RequestUri!));

            if (!sentBefore && options.Turns is { } turns && resource is not null && services.Hot.IsHot(resource) && IsVersioned(request, versionSource, body))
            {
                // (A write that may have been applied before is never merged before its send: the state may hold it already.)
                // A contended resource: wait for this writer's turn, and merge first when its version is already stale.
                turn = await TakeTurnAsync(turns, resource, context).ConfigureAwait(context.ContinueOnCapturedContext);
                if (turn is not null && !IsCurrent(turn.PreviousVersion, request))
                {
                    var plan = Plan(sender, request, versionSource, settings, merge, read, startedUnverified, holdsTurn: true);
                    var first = FirstAttempt(plan, request, body, resource);
                    if (await StaleAtTurnAsync(sender, plan, first, resource).ConfigureAwait(context.ContinueOnCapturedContext) is { } current)
                    {
                        services.Hot.Contended(resource);
                        // Nothing was sent yet: the merged write is the first send (number 1, the caller's Idempotency-Key).
                        written = await ResolveAsync(sender, plan, first with { Number = 0 }, request, answer: null, current).ConfigureAwait(context.ContinueOnCapturedContext);
                        return Outcome.FromResult(written);
                    }
                }
            }

            // Sent inline, not through the sender: one async frame less on the path every write takes.
            context.SetRequestMessage(request);
            var outcome = await sender.SendRawAsync().ConfigureAwait(context.ContinueOnCapturedContext);
            if (outcome.Result is { } response &&
                await IsConflictAsync(options, context, request, response, WriteRequests.IsMaybeConflict(response.StatusCode) && versionSource.Carries(request.RequestUri!, body), WriteRequests.IsMaybeConflict(response.StatusCode) && versionSource.IsCreateOnly(request.RequestUri!)).ConfigureAwait(context.ContinueOnCapturedContext))
            {
                if (options.Turns is { } contended && resource is not null && IsVersioned(request, versionSource, body))
                {
                    // Others write this resource: from now on this client's writes to it take turns, this one first.
                    services.Hot.Contended(resource);
                    turn ??= await TakeTurnAsync(contended, resource, context).ConfigureAwait(context.ContinueOnCapturedContext);
                }

                var plan = Plan(sender, request, versionSource, settings, merge, read, startedUnverified, holdsTurn: turn is not null);
                var first = FirstAttempt(plan, request, body, resource);
                written = await ResolveAsync(sender, plan, first, request, response).ConfigureAwait(context.ContinueOnCapturedContext);
                return Outcome.FromResult(written);
            }

            if (outcome.Exception is { } failure)
            {
                // Told, never guessed: a write that may have reached the server has an unknown outcome.
                throw SendProof.TransportFailure(failure, context.CancellationToken, request, body.Length > 0, Failed(sender, request, attempts: 1));
            }

            var answer = outcome.Result!;
            if (RequestSnapshot.SendsOf(request) > 1 && !IsProof(answer, request, versionSource, body))
            {
                var status = answer.StatusCode;
                answer.Dispose();
                throw ConflictErrors.OutcomeUnknown(Failed(sender, request, attempts: 1, status), cause: null, resentAndSucceeded: answer.IsSuccessStatusCode);
            }

            if (answer.IsSuccessStatusCode)
            {
                written = answer;
                if (request.Options.TryGetValue(ConflictRequestOptions.Result, out var result))
                {
                    result.Complete(ConflictOutcome.Written, attempts: 1, conflicts: 0, Representation.ReadEntityTag(answer));
                }

                await RememberAsync(services, resource, versionSource, answer, context).ConfigureAwait(context.ContinueOnCapturedContext);
                if (context.CancellationToken.IsCancellationRequested)
                {
                    answer.Dispose();
                    throw ConflictErrors.CanceledAfterApplied(Failed(sender, request, attempts: 1, answer.StatusCode), new OperationCanceledException(context.CancellationToken));
                }
            }

            return outcome;
        }
        catch (Exception e) when (!rethrow)
        {
            if (e is ConflictException conflict && conflict.Attempts <= 1 && conflict.Reason is not (ConflictFailureReason.OutcomeUnknown or ConflictFailureReason.CanceledAfterApplied))
            {
                services.Observer.Failed(request, conflict);
            }

            return Outcome.FromException<HttpResponseMessage>(e);
        }
        finally
        {
            // Strategies outside this one see the caller's message again.
            context.SetRequestMessage(request);
            if (turn is not null)
            {
                await ReleaseAsync(turn, written).ConfigureAwait(context.ContinueOnCapturedContext);
            }
        }
    }

    /// <summary>
    /// Whether a second application of <paramref name="request"/> would be refused: it carries a precondition or a
    /// version. <c>If-None-Match: *</c> counts for a write to the resource itself, not for a POST to a collection (which
    /// exists, and whose server may ignore it).
    /// </summary>
    private static bool IsConditional(HttpRequestMessage request, VersionSource versionSource, byte[] body)
    {
        var headers = request.Headers.NonValidated;
        return SendProof.NamesAVersion(request) || headers.Contains("If-Unmodified-Since") || versionSource.Carries(request.RequestUri!, body) ||
            (request.Method != HttpMethod.Post && headers.TryGetValues("If-None-Match", out var none) && none.Any(v => v.Trim() == "*"));
    }

    /// <summary>Whether a final answer to a resent message can be believed (see <see cref="SendProof.AnswerIsProof"/>).</summary>
    private static bool IsProof(HttpResponseMessage answer, HttpRequestMessage message, VersionSource versionSource, byte[]? body) =>
        SendProof.AnswerIsProof(
            answer.IsSuccessStatusCode,
            RequestSnapshot.SendsOf(message),
            message.Headers.NonValidated.Contains(ConflictResolutionConstants.IdempotencyKeyHeader),
            SendProof.ReplaysSafely(message) || versionSource.Carries(message.RequestUri!, body));

    // Returned as is: the caller awaits it, and a wrapper would add a state machine whenever the predicate completes later.
    private static ValueTask<bool> IsConflictAsync(ConflictResolutionStrategyOptions options, ResilienceContext context, HttpRequestMessage attempt, HttpResponseMessage response, bool isVersioned, bool isCreateOnly) =>
        options.ShouldHandle(new ConflictPredicateArguments(context, attempt, response, isVersioned, isCreateOnly));

    /// <summary>The read the request's settings describe, resolved against the write's URI, on the same origin only.</summary>
    private static ConflictRead Locate<TState>(WriteSender<TState> sender, HttpRequestMessage request, ConflictRead read)
    {
        var resolved = read.Resolve(request.RequestUri!);
        return HttpOrigin.IsSame(resolved.Uri, request.RequestUri!) ? resolved : throw ConflictErrors.CrossOriginRefetch(Failed(sender, request, attempts: 0), resolved.Uri);
    }

    /// <summary>Remembers what was written as the base of a later three-way merge; never throws (the write is applied).</summary>
    /// <remarks>A write answered by a redirect to a GET (303) got another resource's state: that is no base for this one.</remarks>
    private static async ValueTask RememberAsync(WriteServices services, Uri? resourceUri, VersionSource versionSource, HttpResponseMessage written, ResilienceContext context)
    {
        if (resourceUri is null || services.Bases is not { } bases || written.RequestMessage?.Method == HttpMethod.Get)
        {
            return;
        }

        try
        {
            await bases.RememberAsync(resourceUri, versionSource, written, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
        }
        catch (OperationCanceledException)
        {
            // Not remembered; the caller learns of its cancellation from the write's outcome.
        }
    }

    /// <summary>Adds what the options ask for to the caller's message, so transient retries below resend it too.</summary>
    private static void AddRequestedHeaders(HttpRequestMessage request, ConflictResolutionStrategyOptions options, bool generateKey)
    {
        var headers = request.Headers;
        if (generateKey && options.Creates.GenerateIdempotencyKeys && !headers.NonValidated.Contains(ConflictResolutionConstants.IdempotencyKeyHeader))
        {
            headers.TryAddWithoutValidation(ConflictResolutionConstants.IdempotencyKeyHeader, Guid.NewGuid().ToString());
        }

        var createOnly = request.Options.TryGetValue(ConflictRequestOptions.CreateOnly, out var requested) ? requested : options.Creates.CreateOnly && request.Method == HttpMethod.Post;
        if (createOnly && !headers.NonValidated.Contains("If-None-Match"))
        {
            headers.TryAddWithoutValidation("If-None-Match", "*");
        }
    }

    /// <summary>The progress of a write that fails before (or at) its first answer, for its typed error.</summary>
    private static WriteProgress Failed<TState>(WriteSender<TState> sender, HttpRequestMessage request, int attempts, System.Net.HttpStatusCode? status = null) =>
        new()
        {
            Method = request.Method,
            RequestUri = request.RequestUri!,
            StartedAt = sender.Now,
            Attempts = attempts,
            Answer = status is { } code ? new ConflictAnswer(code, null, ServerError.None, null, null, null) : null,
        };
}
