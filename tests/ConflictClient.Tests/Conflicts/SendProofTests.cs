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
    [InlineData(true, false, true)]   // the server answers a resend under the key with the first answer
    [InlineData(false, true, true)]   // a second application would be refused
    [InlineData(true, true, true)]
    [InlineData(false, false, false)] // nothing would tell a second application from the first
    public void MayResendAfterRestart(bool idempotencyKey, bool conditional, bool expected) =>
        Assert.Equal(expected, SendProof.MayResendAfterRestart(idempotencyKey, conditional));

    [Theory]
    [InlineData(0, true, false)]  // the body never went out: not applied
    [InlineData(1, true, true)]
    [InlineData(0, false, true)]  // no body: whether it went out cannot be told, so it may have been applied
    public void FailureMayHaveBeenApplied(int serialized, bool hasBody, bool expected) =>
        Assert.Equal(expected, SendProof.FailureMayHaveBeenApplied(serialized, hasBody));

    [Fact]
    public void TransportFailure_CancelledBeforeTheBodyWentOut_StaysCancellation()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var failure = new TaskCanceledException();
        using var message = Sent(serializations: 0);

        Assert.Same(failure, SendProof.TransportFailure(failure, cancelled.Token, message, hasBody: true, Call));
    }

    [Fact]
    public void TransportFailure_CancelledButNotByTheCallerBeforeTheBodyWentOut_IsSendFailedNotACancellation()
    {
        var failure = new TaskCanceledException("a timeout below, not the caller");
        using var message = Sent(serializations: 0);

        var error = Assert.IsType<ConflictException>(SendProof.TransportFailure(failure, CancellationToken.None, message, hasBody: true, Call));

        Assert.Equal(ConflictFailureReason.SendFailed, error.Reason);
    }

    // Issue "Fail closed", class 6: OperationCanceledException means "not applied", so a cancelled send that may have
    // reached the server is told as outcome unknown, with the cancellation as its cause.
    [Theory]
    [InlineData(1, true)]
    [InlineData(0, false)]
    public void TransportFailure_CancelledAfterTheWriteMayHaveLeft_IsOutcomeUnknown(int serializations, bool hasBody)
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var failure = new TaskCanceledException();
        using var message = Sent(serializations);

        var error = Assert.IsType<ConflictException>(SendProof.TransportFailure(failure, cancelled.Token, message, hasBody, Call));

        Assert.Equal(ConflictFailureReason.OutcomeUnknown, error.Reason);
        Assert.Same(failure, error.InnerException);
    }

    [Fact]
    public void TransportFailure_AfterTheBodyWentOut_IsOutcomeUnknownNeverNotApplied()
    {
        using var message = Sent(serializations: 1);

        var error = Assert.IsType<ConflictException>(SendProof.TransportFailure(new HttpRequestException("reset"), CancellationToken.None, message, hasBody: true, Call));

        Assert.Equal(ConflictFailureReason.OutcomeUnknown, error.Reason);
        Assert.DoesNotContain("not applied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TransportFailure_BeforeAnyOfTheBodyWentOut_IsSendFailed()
    {
        using var message = Sent(serializations: 0);

        var error = Assert.IsType<ConflictException>(SendProof.TransportFailure(new HttpRequestException("refused"), CancellationToken.None, message, hasBody: true, Call));

        Assert.Equal(ConflictFailureReason.SendFailed, error.Reason);
    }

    [Theory]
    [InlineData(true, 1, false, false, true)]   // one send: the answer is the truth
    [InlineData(false, 2, false, true, false)]  // an error answer to a resend may hide an apply
    [InlineData(true, 2, false, false, false)]  // a POST resent and created again: maybe twice
    [InlineData(true, 2, false, true, true)]    // a conditional or idempotent write cannot apply twice
    [InlineData(false, 2, true, false, true)]   // with a key the server answered from its record
    public void AnswerIsProof(bool success, int sends, bool key, bool replaysSafely, bool expected) =>
        Assert.Equal(expected, SendProof.AnswerIsProof(success, sends, key, replaysSafely));

    [Theory]
    [InlineData("PUT", null, true)]
    [InlineData("DELETE", null, true)]
    [InlineData("POST", null, false)]
    [InlineData("PATCH", null, false)]
    [InlineData("PATCH", "If-Match", false)] // If-Match: * matches whatever exists: no refusal of a second application
    [InlineData("PATCH", "If-Match:\"v1\"", true)]
    [InlineData("POST", "If-None-Match", true)]
    [InlineData("PATCH", "If-Unmodified-Since", true)]
    public void ReplaysSafely(string method, string? header, bool expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "http://api.test/r");
        if (header is not null)
        {
            var parts = header.Split(':', 2);
            request.Headers.TryAddWithoutValidation(parts[0], parts.Length > 1 ? parts[1] : "*");
        }

        Assert.Equal(expected, SendProof.ReplaysSafely(request));
    }

    private static WriteProgress Call => new() { Method = HttpMethod.Put, RequestUri = new Uri("http://api.test/r"), StartedAt = 0 };

    private static HttpRequestMessage Sent(int serializations)
    {
        var content = new ConflictClient.Http.ReplayContent("{}"u8.ToArray());
        for (var i = 0; i < serializations; i++)
        {
            content.CopyTo(Stream.Null, null, CancellationToken.None);
        }

        return new HttpRequestMessage(HttpMethod.Put, "http://api.test/r") { Content = content };
    }

    [Theory]
    [InlineData("k", 1, "k")]
    [InlineData("k", 2, "k.2")]
    [InlineData("k", 7, "k.7")]
    public void KeyForAttempt_MergedRetriesGetTheirOwnKey(string key, int attempt, string expected) =>
        Assert.Equal(expected, SendProof.KeyForAttempt(key, attempt));
}
