namespace ConflictClient.Conflicts;

/// <summary>
/// Whether and when a write that met a conflict is sent again: a pure function of the conflict's kind, the attempt and
/// the options, so every rule of the loop's timing is unit-tested on its own.
/// </summary>
internal static class RetryPlan
{
    /// <summary>Decides what follows the conflict <paramref name="conflict"/> describes.</summary>
    public static RetryDecision Decide(in RetryInput conflict, ConflictResolutionStrategyOptions options)
    {
        var willRetry = IsRetried(conflict) && conflict.Attempt < options.Retry.MaxAttempts && conflict.TimeLeft > TimeSpan.Zero;
        if (!willRetry)
        {
            return Stop(conflict);
        }

        // State carried by the 412 is fresh only now: the first conflict uses it at once. Waiting first would make it
        // stale and every retry conflict again; later conflicts back off and then fetch the state afresh. A write built on
        // a state never checked may have met this client's own earlier write: it reads at once too (it holds a queue). A
        // writer holding its turn reads at once at every version conflict: the writers that take turns are waiting.
        var atOnce = conflict.Kind == ConflictKind.VersionConflict && (conflict.HoldsTurn || (conflict.Attempt == 1 && (conflict.CarriesState || conflict.StartedUnverified)));
        var useCarried = atOnce && conflict.Attempt == 1 && conflict.CarriesState;

        var delay = !atOnce && conflict.Kind is ConflictKind.VersionConflict or ConflictKind.InFlight or ConflictKind.Contention
            ? ConflictBackoff.Compute(conflict.Attempt, conflict.RetryAfter, options, options.Randomizer)
            : TimeSpan.Zero;

        // A wait that would cross the time budget never starts. The server's Retry-After is what it asked for: a retry
        // sooner would be refused, so the write ends now. A backoff of our own is cut to the time left.
        if (conflict.RetryAfter is not null && delay >= conflict.TimeLeft)
        {
            return Stop(conflict) with { WaitBeyondBudget = delay };
        }

        return new RetryDecision(WillRetry: true, Within(delay, conflict.TimeLeft), useCarried);
    }

    private static RetryDecision Stop(in RetryInput conflict) =>
        new(WillRetry: false, TimeSpan.Zero, UseCarriedState: false);

    private static TimeSpan Within(TimeSpan wait, TimeSpan timeLeft) => wait < timeLeft ? wait : timeLeft;

    /// <summary>
    /// Which kinds are answered by sending again: version conflicts of conditional writes, 428, a request still in
    /// flight, and a duplicate create merged into the existing resource. Business rules and unknown conflicts never are.
    /// </summary>
    public static bool IsRetried(in RetryInput conflict) => conflict.Kind switch
    {
        ConflictKind.VersionConflict or ConflictKind.PreconditionRequired or ConflictKind.InFlight or ConflictKind.Contention => true,
        ConflictKind.Duplicate => conflict.MergesDuplicate,
        _ => false,
    };
}
