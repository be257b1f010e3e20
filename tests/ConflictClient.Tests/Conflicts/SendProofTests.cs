using ConflictClient.Conflicts;

namespace ConflictClient.Tests.Conflicts;

/// <summary>What the sends of a message prove about whether it was applied.</summary>
public sealed class SendProofTests
{
    [Theory]
    [InlineData(1, false, false)] // one send answered with a conflict: not applied
    [InlineData(2, false, true)]  // resent below us: the first may have been applied, its answer lost
    [InlineData(2, true, false)]  // resent with an Idempotency-Key: the server would have replayed, not refused
    [InlineData(0, false, false)]
    public void MayHaveBeenApplied(int sends, bool idempotencyKey, bool expected) =>
        Assert.Equal(expected, SendProof.MayHaveBeenApplied(sends, idempotencyKey));

    [Theory]
    [InlineData(0, true, false)]  // the body never went out: not applied
    [InlineData(1, true, true)]
    [InlineData(0, false, true)]  // no body: its sends cannot be told apart, so it may have been applied
    public void FailureMayHaveBeenApplied(int sends, bool hasBody, bool expected) =>
        Assert.Equal(expected, SendProof.FailureMayHaveBeenApplied(sends, hasBody));

    [Fact]
    public void TransportFailure_CancelledByTheCaller_StaysCancellation()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var failure = new TaskCanceledException();

        Assert.Same(failure, SendProof.TransportFailure(failure, cancelled.Token, sends: 1, hasBody: true, new ConflictCall(HttpMethod.Put, new Uri("http://api.test/r"))));
    }

    [Fact]
    public void TransportFailure_AfterTheBodyWentOut_IsOutcomeUnknownNeverNotApplied()
    {
        var error = Assert.IsType<ConflictException>(SendProof.TransportFailure(new HttpRequestException("reset"), CancellationToken.None, sends: 1, hasBody: true, new ConflictCall(HttpMethod.Put, new Uri("http://api.test/r"))));

        Assert.Equal(ConflictFailureReason.OutcomeUnknown, error.Reason);
        Assert.DoesNotContain("not applied", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("k", 1, "k")]
    [InlineData("k", 2, "k.2")]
    [InlineData("k", 7, "k.7")]
    public void KeyForAttempt_MergedRetriesGetTheirOwnKey(string key, int attempt, string expected) =>
        Assert.Equal(expected, SendProof.KeyForAttempt(key, attempt));
}
