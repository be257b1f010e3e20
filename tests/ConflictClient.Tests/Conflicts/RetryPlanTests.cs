using ConflictClient.Conflicts;
using ConflictClient.Merging;

namespace ConflictClient.Tests.Conflicts;

/// <summary>The retry plan as a pure function: kind, attempt, time left and options in; retry or not, and when, out.</summary>
public sealed class RetryPlanTests
{
    private static readonly ConflictResolutionStrategyOptions Options = new()
    {
        MergeStrategy = MergeStrategy.ClientWins,
        Retry = { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) },
        Randomizer = () => 1.0,
    };

    [Theory]
    [InlineData(ConflictKind.VersionConflict, true)]
    [InlineData(ConflictKind.PreconditionRequired, true)]
    [InlineData(ConflictKind.InFlight, true)]
    [InlineData(ConflictKind.Duplicate, false)]
    [InlineData(ConflictKind.BusinessRule, false)]
    [InlineData(ConflictKind.IdempotencyKeyReused, false)]
    [InlineData(ConflictKind.Unknown, false)]
    public void Decide_ByKind_OnlyKindsAnsweredByWritingAgainRetry(ConflictKind kind, bool expected)
    {
        var decision = RetryPlan.Decide(Input(kind), Options);

        Assert.Equal(expected, decision.WillRetry);
        if (!expected)
        {
            Assert.Equal(TimeSpan.Zero, decision.Delay);
        }
    }

    [Fact]
    public void Decide_DuplicateMergedIntoExisting_Retries() =>
        Assert.True(RetryPlan.Decide(Input(ConflictKind.Duplicate) with { MergesDuplicate = true }, Options).WillRetry);

    [Fact]
    public void Decide_LastAttempt_DoesNotRetry() =>
        Assert.False(RetryPlan.Decide(Input(ConflictKind.VersionConflict) with { Attempt = Options.Retry.MaxAttempts }, Options).WillRetry);

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Decide_TimeBudgetSpent_DoesNotRetry(int millisecondsLeft) =>
        Assert.False(RetryPlan.Decide(Input(ConflictKind.VersionConflict) with { TimeLeft = TimeSpan.FromMilliseconds(millisecondsLeft) }, Options).WillRetry);

    [Theory]
    [InlineData(ConflictKind.VersionConflict)]
    [InlineData(ConflictKind.InFlight)]
    public void Decide_RetryAfterBeyondTheTimeLeft_StopsNowInsteadOfWaiting(ConflictKind kind)
    {
        var decision = RetryPlan.Decide(Input(kind) with { RetryAfter = TimeSpan.FromSeconds(1_000_000_000), TimeLeft = TimeSpan.FromSeconds(1) }, Options);

        Assert.False(decision.WillRetry);
        Assert.Equal(TimeSpan.Zero, decision.Delay);
        Assert.Equal(Options.Retry.MaxRetryAfter, decision.WaitBeyondBudget);
    }

    [Fact]
    public void Decide_RetryAfterExactlyTheTimeLeft_StopsNow() =>
        Assert.False(RetryPlan.Decide(Input(ConflictKind.VersionConflict) with { RetryAfter = TimeSpan.FromSeconds(3), TimeLeft = TimeSpan.FromSeconds(3) }, Options).WillRetry);

    [Fact]
    public void Decide_RetryAfterWithinTheTimeLeft_Waits()
    {
        var decision = RetryPlan.Decide(Input(ConflictKind.VersionConflict) with { RetryAfter = TimeSpan.FromSeconds(2), TimeLeft = TimeSpan.FromSeconds(3) }, Options);

        Assert.True(decision.WillRetry);
        Assert.Equal(TimeSpan.FromSeconds(2), decision.Delay);
        Assert.Null(decision.WaitBeyondBudget);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Decide_BackoffLongerThanTheTimeLeft_IsCutToIt(int attempt)
    {
        var decision = RetryPlan.Decide(Input(ConflictKind.VersionConflict) with { Attempt = attempt, TimeLeft = TimeSpan.FromMilliseconds(30) }, Options);

        Assert.True(decision.WillRetry);
        Assert.Equal(TimeSpan.FromMilliseconds(30), decision.Delay);
    }

    [Fact]
    public void Decide_FirstConflictCarryingState_UsesItAtOnce()
    {
        var decision = RetryPlan.Decide(Input(ConflictKind.VersionConflict) with { CarriesState = true }, Options);

        Assert.True(decision.UseCarriedState);
        Assert.Equal(TimeSpan.Zero, decision.Delay);
    }

    [Theory]
    [InlineData(ConflictKind.VersionConflict, 2, 200)]
    [InlineData(ConflictKind.VersionConflict, 3, 400)]
    [InlineData(ConflictKind.InFlight, 1, 100)]
    [InlineData(ConflictKind.Contention, 4, 800)]
    [InlineData(ConflictKind.VersionConflict, 20, 1000)]
    public void Decide_LaterConflicts_BackOffExponentiallyUpToMaxDelayAndNothingElse(ConflictKind kind, int attempt, int expectedMs)
    {
        var decision = RetryPlan.Decide(Input(kind) with { Attempt = attempt }, Options);

        Assert.True(decision.WillRetry);
        Assert.False(decision.UseCarriedState);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), decision.Delay);
    }

    [Fact]
    public void Decide_FirstConflictOfAWriteBuiltOnAnUncheckedState_ReadsAtOnce()
    {
        var decision = RetryPlan.Decide(Input(ConflictKind.VersionConflict) with { StartedUnverified = true }, Options);

        Assert.True(decision.WillRetry);
        Assert.False(decision.UseCarriedState);
        Assert.Equal(TimeSpan.Zero, decision.Delay);
    }

    [Theory]
    [InlineData(ConflictKind.VersionConflict, 2, 200)]
    [InlineData(ConflictKind.InFlight, 1, 100)]
    public void Decide_WriteBuiltOnAnUncheckedState_BacksOffFromItsSecondConflictOrForOtherKinds(ConflictKind kind, int attempt, int expectedMs)
    {
        var decision = RetryPlan.Decide(Input(kind) with { Attempt = attempt, StartedUnverified = true }, Options);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), decision.Delay);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void Decide_VersionConflictWhileHoldingTheTurn_ReadsAtOnce(int attempt)
    {
        var decision = RetryPlan.Decide(Input(ConflictKind.VersionConflict) with { Attempt = attempt, HoldsTurn = true }, Options);

        Assert.True(decision.WillRetry);
        Assert.Equal(TimeSpan.Zero, decision.Delay);
        Assert.False(decision.UseCarriedState);
    }

    [Fact]
    public void Decide_BusyServerWhileHoldingTheTurn_StillBacksOff() =>
        Assert.Equal(TimeSpan.FromMilliseconds(100), RetryPlan.Decide(Input(ConflictKind.InFlight) with { HoldsTurn = true }, Options).Delay);

    [Fact]
    public void Decide_SecondConflictCarryingState_BacksOffAndFetches()
    {
        var decision = RetryPlan.Decide(Input(ConflictKind.VersionConflict) with { Attempt = 2, CarriesState = true }, Options);

        Assert.False(decision.UseCarriedState);
        Assert.Equal(TimeSpan.FromMilliseconds(200), decision.Delay);
    }

    [Fact]
    public void Decide_RetryAfter_ReplacesTheBackoffAndIsCapped()
    {
        var decision = RetryPlan.Decide(Input(ConflictKind.InFlight) with { RetryAfter = TimeSpan.FromMinutes(5) }, Options);

        Assert.Equal(Options.Retry.MaxRetryAfter, decision.Delay);
    }

    [Fact]
    public void Decide_PreconditionRequired_IsAnsweredWithoutWaiting() =>
        Assert.Equal(TimeSpan.Zero, RetryPlan.Decide(Input(ConflictKind.PreconditionRequired), Options).Delay);

    private static RetryInput Input(ConflictKind kind) =>
        new(kind, Attempt: 1, IsCreate: false, RetryAfter: null, CarriesState: false, StartedUnverified: false, HoldsTurn: false, MergesDuplicate: false, TimeLeft: TimeSpan.FromMinutes(1));
}
