using ConflictClient.Http;

namespace ConflictClient.Conflicts;

/// <summary>
/// Decides what follows a conflict-like answer, as a pure function of the plan, the write's progress, the attempt the
/// answer was to, and the time left: end (typed), send again, read and merge, or read and end. One
/// branch per <see cref="ConflictKind"/>; the write loop carries the decision out.
/// </summary>
internal static class AnswerHandler
{
    public static (Step Step, WriteProgress Write) Decide(WritePlan plan, WriteProgress write, Attempt attempt, TimeSpan timeLeft)
    {
        var answer = write.Answer!;
        var options = plan.Options;
        var retry = RetryPlan.Decide(
            new RetryInput(answer.Kind, attempt.Number, attempt.IsCreate, answer.RetryAfter,
                options.Versions.ConflictResponseCarriesCurrent && answer.Body is { Body.Length: > 0 }, plan.StartedUnverified, plan.HoldsTurn,
                plan.DuplicatePolicy == DuplicatePolicy.MergeIntoExisting, timeLeft),
            options);
        if (write.WaitBeyondBudget != retry.WaitBeyondBudget)
        {
            write = write with { WaitBeyondBudget = retry.WaitBeyondBudget };
        }

        if (write.MayHaveBeenApplied)
        {
            // An earlier send may have been applied and its answer lost: merging again could apply it twice, and calling
            // it done could hide a loss. Tell the caller, with the server's current state when it can be read.
            var read = attempt.Resource ?? Existing(plan, answer, attempt);
            var unknown = (Func<WriteProgress, ConflictException>)(progress => ConflictErrors.OutcomeUnknown(progress, cause: null));
            return (read is not null && HttpOrigin.IsSame(read, plan.RequestUri)
                ? new Step(StepKind.ReadThenEnd) { Read = read, Failure = unknown, ReadIsBestEffort = true }
                : Step.Fail(unknown(write)), write);
        }

        if (answer.IsMaybeConflict && answer.Kind is ConflictKind.BusinessRule or ConflictKind.Unknown)
        {
            // A 400 or 422 whose words say nothing of ours (a validation error): the server's answer, untouched.
            return (Step.PassThrough, write);
        }

        return answer.Kind switch
        {
            ConflictKind.VersionConflict when ResourceOf(plan, answer, attempt) is { } resource => (VersionConflict(plan, write, attempt, resource, retry), write),
            ConflictKind.VersionConflict => (Step.Fail(ConflictErrors.NothingToRead(write)), write),
            ConflictKind.Contention => (Contention(plan, write, attempt, retry), write),
            ConflictKind.Duplicate => Duplicate(plan, write, attempt, retry.WillRetry),
            ConflictKind.InFlight => (retry.WillRetry
                ? Step.Send(attempt with { Number = attempt.Number + 1 }, retry.Delay)
                : Step.Fail(ConflictErrors.InFlightExhausted(write, options.Retry.MaxAttempts, attempt.IdempotencyKey is not null, write.WaitBeyondBudget)), write),
            ConflictKind.PreconditionRequired => PreconditionRequired(plan, write, attempt, retry.WillRetry),
            ConflictKind.BusinessRule => (Step.Fail(ConflictErrors.BusinessRule(write)), write),
            ConflictKind.IdempotencyKeyReused => (Step.Fail(ConflictErrors.IdempotencyKeyReused(write, attempt.IdempotencyKey)), write),
            _ => (Step.Fail(ConflictErrors.Unclassified(write, attempt.IsConditional)), write),
        };
    }

    /// <summary>Another writer changed the resource: wait, take the current state (carried, or read), merge, send again.</summary>
    private static Step VersionConflict(WritePlan plan, WriteProgress write, Attempt attempt, Uri resource, RetryDecision retry) => retry.WillRetry
        ? new Step(StepKind.Merge)
        {
            Next = attempt with { Resource = resource },
            Read = resource,
            Delay = retry.Delay,
            Carried = retry.UseCarriedState ? write.Answer!.Body : null,
        }
        : new Step(StepKind.ReadThenEnd) { Read = resource, Failure = progress => ConflictErrors.AttemptsExhausted(progress, plan.Options, progress.WaitBeyondBudget) };

    /// <summary>
    /// The write lost a race that did not depend on its version: run it again from a fresh read (merged by the strategy,
    /// with the preconditions it had), or, with nothing to read, send it again as it was.
    /// </summary>
    private static Step Contention(WritePlan plan, WriteProgress write, Attempt attempt, RetryDecision retry)
    {
        if (!retry.WillRetry)
        {
            return Step.Fail(ConflictErrors.AttemptsExhausted(write, plan.Options, write.WaitBeyondBudget));
        }

        return ResourceOf(plan, write.Answer!, attempt) is { } resource
            ? new Step(StepKind.Merge) { Next = attempt with { Resource = resource }, Read = resource, Delay = retry.Delay }
            : Step.Send(attempt with { Number = attempt.Number + 1, IdempotencyKey = KeyFor(plan, attempt.Number + 1) }, retry.Delay);
    }

    /// <summary>A create met an existing resource: fail, adopt it, or merge my body into it, as the duplicate policy says.</summary>
    private static (Step, WriteProgress) Duplicate(WritePlan plan, WriteProgress write, Attempt attempt, bool willRetry)
    {
        var existing = Existing(plan, write.Answer!, attempt);
        if (plan.DuplicatePolicy == DuplicatePolicy.Fail)
        {
            return (Step.Fail(ConflictErrors.Duplicate(write, existing)), write);
        }

        if (existing is null)
        {
            return (Step.Fail(ConflictErrors.ExistingResourceUnknown(write, plan.DuplicatePolicy)), write);
        }

        if (!HttpOrigin.IsSame(existing, plan.RequestUri))
        {
            return (Step.Fail(ConflictErrors.CrossOriginRefetch(write, existing)), write);
        }

        if (plan.DuplicatePolicy == DuplicatePolicy.AdoptExisting)
        {
            return (new Step(StepKind.ReadThenEnd) { Read = existing }, write);
        }

        // MergeIntoExisting: from here on this is a conditional update of the existing resource, through the usual loop.
        var update = attempt with { Method = HttpMethod.Put, Target = existing, Resource = existing, IfNoneMatch = null, MergedIntoExisting = true, IsConditional = true };
        return (willRetry
            ? new Step(StepKind.Merge) { Next = update, Read = existing }
            : new Step(StepKind.ReadThenEnd) { Read = existing, Failure = progress => ConflictErrors.AttemptsExhausted(progress, plan.Options) }, write);
    }

    /// <summary>
    /// 428: the server requires a version. A create is sent again create-only (<c>If-None-Match: *</c>); an update goes
    /// through the merge strategy against the current state, and is then sent conditionally, once. Re-sending the stale
    /// body with the current version would be the blind overwrite 428 exists to prevent.
    /// </summary>
    private static (Step, WriteProgress) PreconditionRequired(WritePlan plan, WriteProgress write, Attempt attempt, bool willRetry)
    {
        if (write.PreconditionResent || !willRetry)
        {
            return (Step.Fail(ConflictErrors.PreconditionRequiredAgain(write)), write);
        }

        write = write with { PreconditionResent = true };
        if (attempt.IsCreate)
        {
            // Another precondition makes another message: it gets its own Idempotency-Key.
            return (Step.Send(attempt with { Number = attempt.Number + 1, IfNoneMatch = "*", IdempotencyKey = KeyFor(plan, attempt.Number + 1) }, TimeSpan.Zero), write);
        }

        return attempt.Resource is { } resource
            ? (new Step(StepKind.Merge) { Next = attempt with { IsConditional = true }, Read = resource }, write)
            : (Step.Fail(ConflictErrors.Unclassified(write, attempt.IsConditional)), write);
    }

    /// <summary>The Idempotency-Key of the message sent at <paramref name="number"/>: derived from the caller's, for another body or precondition.</summary>
    public static string? KeyFor(WritePlan plan, int number) =>
        plan.Template.IdempotencyKey is { } key ? SendProof.KeyForAttempt(key, number) : null;

    /// <summary>
    /// The resource a version conflict is about: the write's own, or, for an update sent by POST (CouchDB's <c>_id</c>
    /// and <c>_rev</c> in the body), where the answer or a locator finds it; on the write's origin only.
    /// </summary>
    private static Uri? ResourceOf(WritePlan plan, ConflictAnswer answer, Attempt attempt) =>
        attempt.Resource ?? (attempt.IsCreate && Existing(plan, answer, attempt) is { } located && HttpOrigin.IsSame(located, plan.RequestUri) ? located : null);

    /// <summary>Where the resource a create collided with lives: Location, the problem details, or the application's locator.</summary>
    public static Uri? Existing(WritePlan plan, ConflictAnswer answer, Attempt attempt)
    {
        var said = answer.Location ?? ProblemLocation(answer.Problem);

        // A PUT-to-create names its resource itself: what it met is at its own URI (query string, such as a SAS, kept).
        var located = said is not null && Uri.TryCreate(said, UriKind.RelativeOrAbsolute, out var uri)
            ? uri
            : plan.Options.Creates.ExistingResourceLocator?.Invoke(new ExistingResourceArguments(plan.Context, plan.Method, plan.RequestUri, attempt.Body ?? [], answer.Problem))
                ?? (plan.Method == HttpMethod.Post ? null : plan.RequestUri);
        return located is null ? null : located.IsAbsoluteUri ? located : new Uri(plan.RequestUri, located);
    }

    private static string? ProblemLocation(ConflictProblemDetails? problem)
    {
        foreach (var name in (ReadOnlySpan<string>)["location", "existing", "existingResource", "existingLocation"])
        {
            if (problem?.Extensions.TryGetValue(name, out var value) == true && value.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                return value.GetString();
            }
        }

        return null;
    }
}
