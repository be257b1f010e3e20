namespace ConflictClient.Conflicts;

/// <summary>What follows a conflict.</summary>
/// <param name="WillRetry">Whether the write is sent again.</param>
/// <param name="Delay">The wait before the next step.</param>
/// <param name="UseCarriedState">Whether the conflict response's own state is merged, without a GET.</param>
internal readonly record struct RetryDecision(bool WillRetry, TimeSpan Delay, bool UseCarriedState)
{
    /// <summary>Gets the wait the server asked for (<c>Retry-After</c>, capped) when it is why the write is not retried: it would cross the time budget.</summary>
    public TimeSpan? WaitBeyondBudget { get; init; }
}
