using System.Net;
using System.Net.Http;
using ConflictClient.Conflicts;

namespace ConflictClient.Outbox.Internal;

/// <summary>The rules that turn what a send met into a verdict: small, pure, unit-tested.</summary>
internal static class OutboxVerdicts
{
    /// <summary>The verdict on an answer that came back (the conflict strategy settled any conflict before it).</summary>
    public static SendVerdict OfAnswer(int status, ConflictOutcome outcome) =>
        status is >= 200 and < 300
            ? outcome is ConflictOutcome.ServerWon or ConflictOutcome.Adopted or ConflictOutcome.Unchanged ? SendVerdict.NotApplied : SendVerdict.Applied
            : IsTransient(status) ? SendVerdict.ServerError
            : SendVerdict.NotApplied;

    /// <summary>
    /// Whether an error answer says the server could not act now rather than "no": a timeout, too many requests, or a
    /// server error. A server error may come after the write was applied, so the send counts as one that may have left.
    /// </summary>
    public static bool IsTransient(int status) => status is 408 or 429 or >= 500;

    /// <summary>The verdict on a typed failure of the conflict strategy, for a write an earlier send of which may have left (<paramref name="sentBefore"/>) or not.</summary>
    public static SendVerdict OfFailure(ConflictException failure, bool sentBefore, Func<ConflictFailureReason, bool> shouldPark) => failure.Reason switch
    {
        // The key was used before with another body: by this write's own earlier send (a merge made before the restart
        // differs from the one made now), which may have been applied.
        ConflictFailureReason.IdempotencyKeyReused when sentBefore => SendVerdict.OutcomeUnknown,
        ConflictFailureReason.SendFailed => SendVerdict.OfflineNotSent,
        ConflictFailureReason.CanceledAfterApplied => SendVerdict.Applied,

        // Lost in transport after it left (no answer): resent later, where only an Idempotency-Key or a precondition can prove it.
        ConflictFailureReason.OutcomeUnknown when failure.StatusCode is null && failure.InnerException is not null and not ConflictException => SendVerdict.OfflineMayHaveLeft,

        // A resend the server could not act on (503) proves nothing either way yet; a later resend still can.
        ConflictFailureReason.OutcomeUnknown when failure.StatusCode is { } status && IsTransient((int)status) => SendVerdict.ServerError,
        ConflictFailureReason.OutcomeUnknown => SendVerdict.OutcomeUnknown,
        var reason when shouldPark(reason) => SendVerdict.Park,
        _ => SendVerdict.NotApplied,
    };

    /// <summary>
    /// The verdict on a failure from outside the conflict strategy (a client without it, or a handler above it). A
    /// connection that was never made sent nothing; any other failure may have come after the write left.
    /// </summary>
    public static SendVerdict OfTransportFailure(Exception failure) =>
        failure is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError }
            ? SendVerdict.OfflineNotSent
            : SendVerdict.OfflineMayHaveLeft;

    /// <summary>The outcome a verdict gives the entry, for the verdicts that end it or park it.</summary>
    public static OutboxOutcomeKind OutcomeOf(SendVerdict verdict) => verdict switch
    {
        SendVerdict.Applied => OutboxOutcomeKind.Applied,
        SendVerdict.NotApplied => OutboxOutcomeKind.NotApplied,
        SendVerdict.OutcomeUnknown => OutboxOutcomeKind.OutcomeUnknown,
        SendVerdict.Park => OutboxOutcomeKind.Parked,
        _ => OutboxOutcomeKind.None,
    };

    /// <summary>
    /// The entry after the verdict on a send that started from <paramref name="sentBefore"/>: a server error ends it once
    /// it met <paramref name="maxServerErrors"/> (of unknown outcome: a send that met one may have been applied).
    /// </summary>
    public static OutboxEntry Apply(OutboxEntry sending, SendVerdict verdict, bool sentBefore, DateTimeOffset now, int maxServerErrors = int.MaxValue) => verdict switch
    {
        SendVerdict.OfflineNotSent => sending with { State = OutboxEntryState.Queued, MayHaveLeft = sentBefore, UpdatedAt = now },
        SendVerdict.OfflineMayHaveLeft => sending with { State = OutboxEntryState.Queued, MayHaveLeft = true, UpdatedAt = now },
        SendVerdict.ServerError when sending.ServerErrors + 1 >= maxServerErrors => sending with
        {
            State = OutboxEntryState.Ended,
            Outcome = OutboxOutcomeKind.OutcomeUnknown,
            Reason = ConflictFailureReason.OutcomeUnknown,
            MayHaveLeft = true,
            ServerErrors = sending.ServerErrors + 1,
            UpdatedAt = now,
        },
        SendVerdict.ServerError => sending with { State = OutboxEntryState.Queued, MayHaveLeft = true, ServerErrors = sending.ServerErrors + 1, UpdatedAt = now },
        SendVerdict.Park => sending with { State = OutboxEntryState.Parked, Outcome = OutboxOutcomeKind.Parked, UpdatedAt = now },
        _ => sending with { State = OutboxEntryState.Ended, Outcome = OutcomeOf(verdict), UpdatedAt = now },
    };

    /// <summary>Whether the verdict means the server could not be reached, so draining stops until the next try.</summary>
    public static bool IsOffline(SendVerdict verdict) => verdict is SendVerdict.OfflineNotSent or SendVerdict.OfflineMayHaveLeft;

    /// <summary>The status an answer carried, for the entry.</summary>
    public static int? StatusOf(HttpStatusCode? status) => status is { } code ? (int)code : null;
}
