using System.Globalization;

namespace ConflictClient.Conflicts;

/// <summary>What the sends of one message prove about whether it was applied: small pure rules, unit-tested.</summary>
internal static class SendProof
{
    /// <summary>
    /// Whether a message answered with a conflict may still have been applied by an earlier send of it. One send answered
    /// with a conflict was not applied. Sent again by a transient retry, the first send may have been applied and its
    /// answer lost; only an Idempotency-Key proves otherwise, because a server that honours it replays the first answer
    /// to a resend instead of refusing it.
    /// </summary>
    public static bool MayHaveBeenApplied(int sends, bool carriedIdempotencyKey) => sends > 1 && !carriedIdempotencyKey;

    /// <summary>
    /// Whether an error answer (a 404, a 500) to a message sent more than once may hide that an earlier send was
    /// applied: a DELETE applied and resent meets 404. Only an Idempotency-Key lets the server tell.
    /// </summary>
    public static bool AnswerMayHideAnApply(int sends, bool carriedIdempotencyKey) => MayHaveBeenApplied(sends, carriedIdempotencyKey);

    /// <summary>
    /// Whether a transport failure leaves a write's outcome unknown: it is unknown once its body began to go out (or,
    /// for a write without a body, once it may have been sent at all, which its sends cannot tell); a message whose
    /// body never went out was not applied.
    /// </summary>
    public static bool FailureMayHaveBeenApplied(int sends, bool hasBody) => sends > 0 || !hasBody;

    /// <summary>
    /// What the caller is told of a send that failed in transport: cancellation stays cancellation; otherwise
    /// <see cref="ConflictFailureReason.OutcomeUnknown"/> when it may have been applied, else <see cref="ConflictFailureReason.SendFailed"/>.
    /// </summary>
    public static Exception TransportFailure(Exception failure, CancellationToken cancellationToken, int sends, bool hasBody, ConflictCall call) =>
        failure is OperationCanceledException && cancellationToken.IsCancellationRequested ? failure
        : FailureMayHaveBeenApplied(sends, hasBody) ? ConflictErrors.OutcomeUnknown(call, failure)
        : ConflictErrors.SendFailed(call, failure);

    /// <summary>
    /// The key of the message sent at <paramref name="attempt"/>: the caller's own for the first, derived for a merged
    /// retry (another body under the same key is refused by servers that follow the IETF draft).
    /// </summary>
    public static string KeyForAttempt(string key, int attempt) =>
        attempt <= 1 ? key : string.Create(CultureInfo.InvariantCulture, $"{key}.{attempt}");
}
