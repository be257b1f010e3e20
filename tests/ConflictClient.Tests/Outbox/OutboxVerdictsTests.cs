using System.Net;
using System.Net.Sockets;
using ConflictClient.Conflicts;
using ConflictClient.Outbox;
using ConflictClient.Outbox.Internal;

namespace ConflictClient.Tests.Outbox;

/// <summary>The pure rules that turn what a send met into what becomes of a queued write.</summary>
public sealed class OutboxVerdictsTests
{
    private static readonly Func<ConflictFailureReason, bool> Park = ConflictOutboxConstants.NeedsAPerson;

    [Theory]
    [InlineData(200, ConflictOutcome.Written, nameof(SendVerdict.Applied))]
    [InlineData(204, ConflictOutcome.None, nameof(SendVerdict.Applied))]
    [InlineData(201, ConflictOutcome.WrittenAfterConflict, nameof(SendVerdict.Applied))]
    [InlineData(200, ConflictOutcome.MergedIntoExisting, nameof(SendVerdict.Applied))]
    [InlineData(200, ConflictOutcome.ServerWon, nameof(SendVerdict.NotApplied))]
    [InlineData(200, ConflictOutcome.Adopted, nameof(SendVerdict.NotApplied))]
    [InlineData(200, ConflictOutcome.Unchanged, nameof(SendVerdict.NotApplied))]
    [InlineData(299, ConflictOutcome.None, nameof(SendVerdict.Applied))]
    [InlineData(300, ConflictOutcome.None, nameof(SendVerdict.NotApplied))]
    [InlineData(400, ConflictOutcome.None, nameof(SendVerdict.NotApplied))]
    [InlineData(404, ConflictOutcome.None, nameof(SendVerdict.NotApplied))]
    [InlineData(407, ConflictOutcome.None, nameof(SendVerdict.NotApplied))]
    [InlineData(408, ConflictOutcome.None, nameof(SendVerdict.ServerError))]
    [InlineData(429, ConflictOutcome.None, nameof(SendVerdict.ServerError))]
    [InlineData(499, ConflictOutcome.None, nameof(SendVerdict.NotApplied))]
    [InlineData(500, ConflictOutcome.None, nameof(SendVerdict.ServerError))]
    [InlineData(503, ConflictOutcome.None, nameof(SendVerdict.ServerError))]
    [InlineData(199, ConflictOutcome.None, nameof(SendVerdict.NotApplied))]
    public void OfAnswer_StatusAndOutcome_IsTheVerdict(int status, ConflictOutcome outcome, string expected) =>
        Assert.Equal(Enum.Parse<SendVerdict>(expected), OutboxVerdicts.OfAnswer(status, outcome));

    [Theory]
    [InlineData(ConflictFailureReason.SendFailed, false, nameof(SendVerdict.OfflineNotSent))]
    [InlineData(ConflictFailureReason.SendFailed, true, nameof(SendVerdict.OfflineNotSent))]
    [InlineData(ConflictFailureReason.CanceledAfterApplied, false, nameof(SendVerdict.Applied))]
    [InlineData(ConflictFailureReason.MergeUnresolved, false, nameof(SendVerdict.Park))]
    [InlineData(ConflictFailureReason.MergeGaveUp, false, nameof(SendVerdict.Park))]
    [InlineData(ConflictFailureReason.MergeFailed, false, nameof(SendVerdict.Park))]
    [InlineData(ConflictFailureReason.Duplicate, false, nameof(SendVerdict.Park))]
    [InlineData(ConflictFailureReason.BusinessRule, false, nameof(SendVerdict.NotApplied))]
    [InlineData(ConflictFailureReason.AttemptsExhausted, false, nameof(SendVerdict.NotApplied))]
    [InlineData(ConflictFailureReason.VersionUnchanged, false, nameof(SendVerdict.NotApplied))]
    [InlineData(ConflictFailureReason.IdempotencyKeyReused, false, nameof(SendVerdict.NotApplied))]
    [InlineData(ConflictFailureReason.IdempotencyKeyReused, true, nameof(SendVerdict.OutcomeUnknown))]
    [InlineData(ConflictFailureReason.OutcomeUnknown, false, nameof(SendVerdict.OutcomeUnknown))]
    public void OfFailure_Reason_IsTheVerdict(ConflictFailureReason reason, bool sentBefore, string expected) =>
        Assert.Equal(Enum.Parse<SendVerdict>(expected), OutboxVerdicts.OfFailure(new ConflictException("x") { Reason = reason, StatusCode = HttpStatusCode.Conflict }, sentBefore, Park));

    [Fact]
    public void OfFailure_OutcomeUnknownFromTransportWithoutAnswer_IsOfflineMayHaveLeft() =>
        Assert.Equal(SendVerdict.OfflineMayHaveLeft, OutboxVerdicts.OfFailure(new ConflictException("x", new HttpRequestException("reset")) { Reason = ConflictFailureReason.OutcomeUnknown }, false, Park));

    [Fact]
    public void OfFailure_OutcomeUnknownAfterAnotherConflictException_IsOutcomeUnknown() =>
        Assert.Equal(SendVerdict.OutcomeUnknown, OutboxVerdicts.OfFailure(new ConflictException("x", new ConflictException("inner")) { Reason = ConflictFailureReason.OutcomeUnknown }, false, Park));

    [Fact]
    public void OfFailure_OutcomeUnknownWithoutCauseOrStatus_IsOutcomeUnknown() =>
        Assert.Equal(SendVerdict.OutcomeUnknown, OutboxVerdicts.OfFailure(new ConflictException("x") { Reason = ConflictFailureReason.OutcomeUnknown }, true, Park));

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, nameof(SendVerdict.ServerError))]
    [InlineData(HttpStatusCode.RequestTimeout, nameof(SendVerdict.ServerError))]
    [InlineData(HttpStatusCode.PreconditionFailed, nameof(SendVerdict.OutcomeUnknown))]
    [InlineData(HttpStatusCode.NotFound, nameof(SendVerdict.OutcomeUnknown))]
    public void OfFailure_OutcomeUnknownWithAStatus_RetriesOnlyWhenTheServerCouldNotAct(HttpStatusCode status, string expected) =>
        Assert.Equal(Enum.Parse<SendVerdict>(expected), OutboxVerdicts.OfFailure(new ConflictException("x") { Reason = ConflictFailureReason.OutcomeUnknown, StatusCode = status }, true, Park));

    [Fact]
    public void OfFailure_CustomParkRule_IsUsed() =>
        Assert.Equal(SendVerdict.Park, OutboxVerdicts.OfFailure(new ConflictException("x") { Reason = ConflictFailureReason.BusinessRule }, false, r => r == ConflictFailureReason.BusinessRule));

    [Fact]
    public void OfTransportFailure_ConnectionNeverMade_IsNotSent()
    {
        Assert.Equal(SendVerdict.OfflineNotSent, OutboxVerdicts.OfTransportFailure(new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException())));
        Assert.Equal(SendVerdict.OfflineNotSent, OutboxVerdicts.OfTransportFailure(new HttpRequestException(HttpRequestError.NameResolutionError, "dns")));
        Assert.Equal(SendVerdict.OfflineNotSent, OutboxVerdicts.OfTransportFailure(new HttpRequestException(HttpRequestError.ProxyTunnelError, "proxy")));
        Assert.Equal(SendVerdict.OfflineMayHaveLeft, OutboxVerdicts.OfTransportFailure(new HttpRequestException(HttpRequestError.ResponseEnded, "ended")));
        Assert.Equal(SendVerdict.OfflineMayHaveLeft, OutboxVerdicts.OfTransportFailure(new TaskCanceledException("timeout")));
    }

    [Fact]
    public void Apply_EachVerdict_GivesTheEntryItsStateAndKeepsWhetherItMayHaveLeft()
    {
        var now = DateTimeOffset.UnixEpoch.AddDays(1);
        var sending = new OutboxEntry { Resource = "r", Method = "PUT", RequestUri = new Uri("http://x/r"), State = OutboxEntryState.Sending, MayHaveLeft = true };

        Assert.Equal((OutboxEntryState.Queued, false), Pick(OutboxVerdicts.Apply(sending, SendVerdict.OfflineNotSent, sentBefore: false, now)));
        Assert.Equal((OutboxEntryState.Queued, true), Pick(OutboxVerdicts.Apply(sending, SendVerdict.OfflineNotSent, sentBefore: true, now)));
        Assert.Equal((OutboxEntryState.Queued, true), Pick(OutboxVerdicts.Apply(sending with { MayHaveLeft = false }, SendVerdict.OfflineMayHaveLeft, sentBefore: false, now)));
        var parked = OutboxVerdicts.Apply(sending, SendVerdict.Park, sentBefore: false, now);
        Assert.Equal((OutboxEntryState.Parked, OutboxOutcomeKind.Parked, now), (parked.State, parked.Outcome, parked.UpdatedAt));
        foreach (var (verdict, outcome) in new[] { (SendVerdict.Applied, OutboxOutcomeKind.Applied), (SendVerdict.NotApplied, OutboxOutcomeKind.NotApplied), (SendVerdict.OutcomeUnknown, OutboxOutcomeKind.OutcomeUnknown) })
        {
            var ended = OutboxVerdicts.Apply(sending, verdict, sentBefore: false, now);
            Assert.Equal((OutboxEntryState.Ended, outcome), (ended.State, ended.Outcome));
        }

        var once = OutboxVerdicts.Apply(sending with { MayHaveLeft = false }, SendVerdict.ServerError, sentBefore: false, now, maxServerErrors: 3);
        Assert.Equal((OutboxEntryState.Queued, true, 1), (once.State, once.MayHaveLeft, once.ServerErrors));
        var last = OutboxVerdicts.Apply(once with { ServerErrors = 2 }, SendVerdict.ServerError, sentBefore: true, now, maxServerErrors: 3);
        Assert.Equal((OutboxEntryState.Ended, OutboxOutcomeKind.OutcomeUnknown, ConflictFailureReason.OutcomeUnknown, 3), (last.State, last.Outcome, last.Reason, last.ServerErrors));
        Assert.True(OutboxVerdicts.Apply(once with { ServerErrors = 2, MayHaveLeft = false }, SendVerdict.ServerError, sentBefore: false, now, maxServerErrors: 3).MayHaveLeft);
        Assert.True(OutboxVerdicts.IsOffline(SendVerdict.OfflineNotSent) && OutboxVerdicts.IsOffline(SendVerdict.OfflineMayHaveLeft));
        Assert.False(OutboxVerdicts.IsOffline(SendVerdict.ServerError));
        Assert.False(OutboxVerdicts.IsOffline(SendVerdict.Applied) || OutboxVerdicts.IsOffline(SendVerdict.Park) || OutboxVerdicts.IsOffline(SendVerdict.OutcomeUnknown) || OutboxVerdicts.IsOffline(SendVerdict.NotApplied));
        Assert.Equal(OutboxOutcomeKind.None, OutboxVerdicts.OutcomeOf(SendVerdict.OfflineNotSent));
        Assert.Equal((int?)412, OutboxVerdicts.StatusOf(HttpStatusCode.PreconditionFailed));
        Assert.Null(OutboxVerdicts.StatusOf(null));

        static (OutboxEntryState, bool) Pick(OutboxEntry e) => (e.State, e.MayHaveLeft);
    }

    [Theory]
    [InlineData("Authorization", true)]
    [InlineData("Proxy-Authorization", true)]
    [InlineData("Cookie", true)]
    [InlineData("X-Api-Key", true)]
    [InlineData("Ocp-Apim-Subscription-Key", true)]
    [InlineData("X-Functions-Key", true)]
    [InlineData("X-Auth-Token", true)]
    [InlineData("X-Amz-Security-Token", true)]
    [InlineData("Idempotency-Key", false)]
    [InlineData("If-Match", false)]
    [InlineData("X-Operation-Id", false)]
    [InlineData("Content-Type", false)]
    public void IsCredential_HeaderName_IsKeptOrNot(string name, bool credential) =>
        Assert.Equal(credential, EntryCapture.IsCredential(name));
}
