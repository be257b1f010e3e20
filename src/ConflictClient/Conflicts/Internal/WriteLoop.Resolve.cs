using System.Net;
using System.Text.Json.Nodes;
using ConflictClient.Http;
using ConflictClient.Merging;
using ConflictClient.Versioning;

namespace ConflictClient.Conflicts;

/// <summary>The loop: answer, wait, read, merge, send; until the write ends.</summary>
internal static partial class WriteLoop
{
    /// <summary>
    /// Answers <paramref name="answer"/>, the conflict-like answer to <paramref name="attempt"/>, and every one after
    /// it: a handler decides, the loop waits, reads and sends. Returns the caller's final response; throws a typed error.
    /// A write whose version was stale when its turn came starts instead by merging with <paramref name="current"/>, the
    /// state read then, before anything is sent.
    /// </summary>
    private static async ValueTask<HttpResponseMessage> ResolveAsync<TState>(WriteSender<TState> sender, WritePlan plan, Attempt attempt, HttpRequestMessage sent, HttpResponseMessage? answer, Representation? current = null)
    {
        var services = sender.Services;
        var caller = plan.Template.Request;
        var write = new WriteProgress
        {
            Method = plan.Method, RequestUri = plan.RequestUri, StartedAt = sender.Now, Attempts = 1, Ignored = plan.ServerManaged, IsPatch = plan.Method == HttpMethod.Patch,
            MineOmitsUnmodeled = plan.Merge.LocalOmitsUnmodeled,
        };
        using var activity = WriteObserver.Start(caller);
        (ConflictOutcome? Outcome, Exception? Failure) end = default;
        HttpResponseMessage? held = null;
        try
        {
            if (current is not null)
            {
                write = write with { Attempts = 0 };
            }

            while (true)
            {
                Step step;
                if (current is not null)
                {
                    var merge = new Step(StepKind.Merge) { Next = attempt, Read = attempt.Resource, Carried = current };
                    current = null;
                    (step, write) = await CarryOutAsync(sender, plan, write, merge).ConfigureAwait(sender.ContinueOnCapturedContext);
                }
                else
                {
                    held?.Dispose();
                    (write, held) = await ReadAnswerAsync(sender, plan, write, attempt, sent, answer!).ConfigureAwait(sender.ContinueOnCapturedContext);
                    var timeLeft = plan.Options.Retry.MaxResolutionTime - services.TimeProvider.GetElapsedTime(write.StartedAt);
                    (step, write) = AnswerHandler.Decide(plan, write, attempt, timeLeft);
                    if (step.Kind != StepKind.PassThrough)
                    {
                        await services.Observer.ConflictAsync(sender.Context, activity, caller, write, write.Answer!.Kind, step.WillRetry, step.Delay).ConfigureAwait(sender.ContinueOnCapturedContext);
                        (step, write) = await CarryOutAsync(sender, plan, write, step).ConfigureAwait(sender.ContinueOnCapturedContext);
                    }
                }

                if (step.Kind == StepKind.PassThrough)
                {
                    // Not a conflict after all (a 400 or 422 the words or the probe say is the server's own refusal).
                    var untouched = held ?? throw ConflictErrors.BusinessRule(write);
                    held = null;
                    untouched.RequestMessage = caller;
                    return untouched;
                }

                if (step.Kind == StepKind.Done)
                {
                    end.Outcome = step.Outcome;
                    Complete(caller, write, step.Outcome, step.Response!, resolved: true);
                    return step.Response!;
                }

                attempt = step.Next!;
                sent = plan.Template.CreateWrite(attempt.Body, attempt.IfMatch, attempt.IfNoneMatch, attempt.Method, attempt.Target, attempt.IdempotencyKey);
                write = write with { Attempts = attempt.Number };
                var outcome = await sender.SendAsync(sent).ConfigureAwait(sender.ContinueOnCapturedContext);
                if (outcome.Exception is { } failure)
                {
                    throw SendProof.TransportFailure(failure, sender.CancellationToken, sent, attempt.Body is not null, write);
                }

                if (!await IsConflictAsync(plan.Options, sender.Context, sent, outcome.Result!, attempt.IsConditional, plan.VersionSource.IsCreateOnly(sent.RequestUri!)).ConfigureAwait(sender.ContinueOnCapturedContext))
                {
                    (var response, end.Outcome) = await FinishAsync(sender, plan, write, attempt, sent, outcome.Result!).ConfigureAwait(sender.ContinueOnCapturedContext);
                    return response;
                }

                answer = outcome.Result!;
            }
        }
        catch (Exception e) when (write.MayHaveBeenApplied && e is not ConflictException { Reason: ConflictFailureReason.OutcomeUnknown or ConflictFailureReason.CanceledAfterApplied })
        {
            // The promise's safety net: once a send may have been applied, no failure may say "not applied" (a
            // cancellation included: OperationCanceledException means the write was not applied).
            end.Failure = ConflictErrors.OutcomeUnknown(write, e);
            throw end.Failure;
        }
        catch (Exception e)
        {
            end.Failure = e;
            throw;
        }
        finally
        {
            held?.Dispose();
            services.Observer.Resolved(activity, caller, write, end.Outcome, end.Failure, services.TimeProvider.GetElapsedTime(write.StartedAt));
        }
    }

    /// <summary>Carries out a handler's step up to the next send: waits, reads (listening, when asked) and merges.</summary>
    private static async ValueTask<(Step Step, WriteProgress Write)> CarryOutAsync<TState>(WriteSender<TState> sender, WritePlan plan, WriteProgress write, Step step)
    {
        switch (step.Kind)
        {
            case StepKind.Fail:
                throw step.Error!;
            case StepKind.Send:
                await sender.DelayAsync(step.Delay).ConfigureAwait(sender.ContinueOnCapturedContext);
                return (step, write);
            case StepKind.ReadThenEnd:
                Representation? state = null;
                try
                {
                    (state, write) = await CurrentState.ReadAsync(sender, plan, write, step.Read!).ConfigureAwait(sender.ContinueOnCapturedContext);
                }
                catch (ConflictException) when (step.ReadIsBestEffort)
                {
                    // The error goes out without the state; it says what it says either way.
                }

                return step.Failure is { } fail ? throw fail(WithVersion(plan, write)) : (Step.Done(state!.ToResponse(plan.Template.Request), ConflictOutcome.Adopted), write);
            case StepKind.Merge:
                Representation remote;
                if (step.Carried is { } carried)
                {
                    remote = carried;
                }
                else
                {
                    await sender.DelayAsync(step.Delay).ConfigureAwait(sender.ContinueOnCapturedContext);
                    (remote, write) = await CurrentState.ReadAsync(sender, plan, write, step.Read!).ConfigureAwait(sender.ContinueOnCapturedContext);
                }

                (var shaped, write, var shapeError) = CurrentState.InWriteShape(plan, write, remote, step.Next!.Body);
                (step, write) = shapeError is null
                    ? await MergeHandler.MergeAsync(plan, write, step.Next!, shaped!).ConfigureAwait(sender.ContinueOnCapturedContext)
                    : (Step.Fail(shapeError), write);
                return step.Kind == StepKind.Fail ? throw step.Error! : (step, write);
            default:
                return (step, write);
        }
    }

    /// <summary>A non-conflict answer to a resend: proven (or not), remembered, and handed to the caller as theirs.</summary>
    private static async ValueTask<(HttpResponseMessage Response, ConflictOutcome? Outcome)> FinishAsync<TState>(WriteSender<TState> sender, WritePlan plan, WriteProgress write, Attempt attempt, HttpRequestMessage sent, HttpResponseMessage answer)
    {
        var caller = plan.Template.Request;
        if (RequestSnapshot.SendsOf(sent) > 1 && !IsProof(answer, sent, plan.VersionSource, attempt.Body))
        {
            var failed = write with { Answer = new ConflictAnswer(answer.StatusCode, null, ServerError.None, null, null, null) };
            answer.Dispose();
            throw ConflictErrors.OutcomeUnknown(failed, cause: null, resentAndSucceeded: answer.IsSuccessStatusCode);
        }

        answer.RequestMessage = caller;
        sent.Dispose();
        if (!answer.IsSuccessStatusCode)
        {
            return (answer, null);
        }

        var outcome = attempt.MergedIntoExisting ? ConflictOutcome.MergedIntoExisting : ConflictOutcome.WrittenAfterConflict;
        write = ReferenceEquals(write.Kept, attempt.Body) ? write : write with { Kept = attempt.Body };
        await RememberAsync(sender.Services, attempt.Resource, plan.VersionSource, answer, sender.Context).ConfigureAwait(sender.ContinueOnCapturedContext);
        if (sender.CancellationToken.IsCancellationRequested)
        {
            answer.Dispose();
            throw ConflictErrors.CanceledAfterApplied(write with { Answer = write.Answer is { } said ? said with { Status = answer.StatusCode } : new ConflictAnswer(answer.StatusCode, null, ServerError.None, null, null, null) }, new OperationCanceledException(sender.CancellationToken));
        }

        if (attempt.MergedIntoExisting && (answer.StatusCode == HttpStatusCode.NoContent || answer.Content.Headers.ContentLength == 0))
        {
            // A create merged into what exists returns the state it wrote, even when the update was answered 204.
            var state = new Representation(HttpStatusCode.OK, attempt.Body ?? [], plan.Template.ContentType, Representation.ReadEntityTag(answer));
            answer.Dispose();
            answer = state.ToResponse(caller);
        }

        Complete(caller, write, outcome, answer, resolved: true);
        return (answer, outcome);
    }

    /// <summary>Tells the caller how its write ended: on the result it passed, or on one set on its message.</summary>
    private static void Complete(HttpRequestMessage caller, WriteProgress write, ConflictOutcome outcome, HttpResponseMessage response, bool resolved)
    {
        if (!caller.Options.TryGetValue(ConflictRequestOptions.Result, out var result))
        {
            result = new ConflictWriteResult();
            caller.Options.Set(ConflictRequestOptions.Result, result);
        }

        result.Complete(outcome, write.Attempts, write.Conflicts, Representation.ReadEntityTag(response), () => ConflictReports.Create(write, ReportHeadlines.For(outcome), resolved));
    }
}
