using System.Runtime.CompilerServices;
using ConflictClient.Http;
using ConflictClient.Merging;
using ConflictClient.Versioning;
using Polly;

namespace ConflictClient.Conflicts;

/// <summary>
/// The first send of a guarded write: most writes meet no conflict, so it runs without any per-write state, and the
/// <see cref="ConflictWrite{TState}"/> itself is created only once a response needs answering.
/// </summary>
internal sealed partial class ConflictWrite<TState>
{
    /// <summary>
    /// Sends <paramref name="request"/> as a guarded write and answers its conflicts; failures come back as outcomes.
    /// A write that meets no conflict allocates nothing of its own beyond its captured body and the content that
    /// replays it. Group commit and Reapply pass their own <paramref name="merge"/>; group commit passes its own
    /// <paramref name="call"/> (and reports failures itself, so they are not logged here).
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
            var body = await RequestSnapshot.CaptureBodyAsync(request, options.MaxBodySize, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
            if (body is null)
            {
                throw ConflictErrors.RequestBodyTooLarge(call ?? new ConflictCall(request.Method, request.RequestUri!), options.MaxBodySize);
            }

            var resourceUri = request.Method == HttpMethod.Post ? null : strategy.LocateResource(context, request.Method, versionSource.ResourceUriOf(request.RequestUri!), call);

            var sentAt = strategy.BeginSend(context, request);
            var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
            strategy.EndSend(sentAt);
            if (outcome.Result is { } response && await IsConflictAsync(options, context, request, response).ConfigureAwait(context.ContinueOnCapturedContext))
            {
                call ??= new ConflictCall(request.Method, request.RequestUri!);
                call.Attempts = 1;
                var write = new ConflictWrite<TState>(strategy, callback, context, state, request, call, versionSource, body.Length == 0 ? null : body, resourceUri, merge);
                return await write.ResolveAsync(response).ConfigureAwait(context.ContinueOnCapturedContext);
            }

            if (outcome.Exception is { } failure)
            {
                // Told, never guessed: a write that may have reached the server has an unknown outcome.
                call ??= new ConflictCall(request.Method, request.RequestUri!);
                call.Attempts = 1;
                return Outcome.FromException<HttpResponseMessage>(SendProof.TransportFailure(failure, context.CancellationToken, request, body.Length > 0, call));
            }

            if (outcome.Result is { } answer && RequestSnapshot.SendsOf(request) > 1 && !IsProof(answer, request, versionSource, body))
            {
                call ??= new ConflictCall(request.Method, request.RequestUri!);
                (call.Attempts, call.LastStatus) = (1, answer.StatusCode);
                answer.Dispose();
                return Outcome.FromException<HttpResponseMessage>(ConflictErrors.OutcomeUnknown(call, cause: null, resentAndSucceeded: answer.IsSuccessStatusCode));
            }

            if (outcome.Result is { IsSuccessStatusCode: true } written)
            {
                ConflictResolutionScope.Current?.RecordCompletion(ConflictOutcome.Written, attempts: 1, Representation.ReadEntityTag(written));
                await RememberAsync(strategy, resourceUri, versionSource, written, context).ConfigureAwait(context.ContinueOnCapturedContext);
                if (context.CancellationToken.IsCancellationRequested)
                {
                    call ??= new ConflictCall(request.Method, request.RequestUri!);
                    (call.Attempts, call.LastStatus) = (1, written.StatusCode);
                    written.Dispose();
                    throw AppliedButCanceled(call, context.CancellationToken);
                }
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

    /// <summary>Whether a final answer to a resent message can be believed (see <see cref="SendProof.AnswerIsProof"/>).</summary>
    private static bool IsProof(HttpResponseMessage answer, HttpRequestMessage message, VersionSource versionSource, byte[]? body) =>
        SendProof.AnswerIsProof(
            answer.IsSuccessStatusCode,
            RequestSnapshot.SendsOf(message),
            message.Headers.NonValidated.Contains(ConflictResolutionConstants.IdempotencyKeyHeader),
            SendProof.ReplaysSafely(message) || versionSource.Carries(message.RequestUri!, body));

    /// <summary>Remembers what was written as the base of a later three-way merge, when the merge strategy uses bases.</summary>
    /// <remarks>A write answered by a redirect to a GET (303) got another resource's state: that is no base for this one.</remarks>
    /// <remarks>Never throws: the write is applied, and a cancellation while remembering is the caller's to be told of.</remarks>
    private static async ValueTask RememberAsync(ConflictResolutionResilienceStrategy strategy, Uri? resourceUri, VersionSource versionSource, HttpResponseMessage written, ResilienceContext context)
    {
        if (resourceUri is null || strategy.Bases is not { } bases || written.RequestMessage?.Method == HttpMethod.Get)
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

    /// <summary>An applied write whose caller cancelled: told as applied, never as a cancellation, which means "not applied".</summary>
    private static ConflictException AppliedButCanceled(ConflictCall call, CancellationToken cancellationToken) =>
        ConflictErrors.CanceledAfterApplied(call, new OperationCanceledException(cancellationToken));

    /// <summary>Adds what the options ask for to the caller's message, so transient retries below resend it too.</summary>
    private static void AddRequestedHeaders(HttpRequestMessage request, ConflictResolutionStrategyOptions options)
    {
        var headers = request.Headers;
        if (options.GenerateIdempotencyKeys && !headers.NonValidated.Contains(ConflictResolutionConstants.IdempotencyKeyHeader))
        {
            headers.TryAddWithoutValidation(ConflictResolutionConstants.IdempotencyKeyHeader, Guid.NewGuid().ToString());
        }

        var createOnly = request.Options.TryGetValue(ConflictRequestOptions.CreateOnly, out var requested) ? requested : options.CreateOnly && request.Method == HttpMethod.Post;
        if (createOnly && !headers.NonValidated.Contains("If-None-Match"))
        {
            headers.TryAddWithoutValidation("If-None-Match", "*");
        }
    }
}
