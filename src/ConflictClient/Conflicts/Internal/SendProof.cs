using System.Globalization;
using ConflictClient.Http;

namespace ConflictClient.Conflicts;

/// <summary>What the sends of one message prove about whether it was applied: small pure rules, unit-tested.</summary>
internal static class SendProof
{
    /// <summary>
    /// Whether a message may have been applied by an earlier send than the one answered. One send was not. Sent again by
    /// a transient retry, the first send may have been applied and its answer lost; only an Idempotency-Key proves
    /// otherwise, because a server that honours it replays the first answer to a resend instead of acting again.
    /// </summary>
    public static bool MayHaveBeenApplied(int sends, bool carriedIdempotencyKey) => sends > 1 && !carriedIdempotencyKey;

    /// <summary>
    /// Whether a final (non-conflict) answer to a message tells the truth about the write. It does unless the message
    /// may have been applied before: then an error answer (a DELETE resent meets 404) may hide that it was applied,
    /// and a success may be a second application, unless the write replays safely (it is conditional, so a second
    /// application would have been refused, or idempotent: PUT and DELETE).
    /// </summary>
    public static bool AnswerIsProof(bool success, int sends, bool carriedIdempotencyKey, bool replaysSafely) =>
        !MayHaveBeenApplied(sends, carriedIdempotencyKey) || (success && replaysSafely);

    /// <summary>
    /// Whether a message that an earlier process may have sent can be sent again: only when a second application would be
    /// refused (it is conditional) or answered with the first one's answer (an Idempotency-Key). Idempotent methods do not
    /// suffice here: time has passed, and another writer's change may lie between the two sends.
    /// </summary>
    public static bool MayResendAfterRestart(bool carriedIdempotencyKey, bool conditional) => carriedIdempotencyKey || conditional;

    /// <summary>Whether applying <paramref name="request"/> twice has the effect of applying it once, as far as its headers tell.</summary>
    /// <remarks><c>If-Match: *</c> matches any existing resource, so it would not refuse a second application.</remarks>
    public static bool ReplaysSafely(HttpRequestMessage request) =>
        request.Method == HttpMethod.Put || request.Method == HttpMethod.Delete ||
        NamesAVersion(request) || request.Headers.NonValidated.Contains("If-None-Match") ||
        request.Headers.NonValidated.Contains("If-Unmodified-Since");

    /// <summary>Whether <paramref name="request"/>'s <c>If-Match</c> names a version (<c>*</c> names none: it matches whatever exists).</summary>
    public static bool NamesAVersion(HttpRequestMessage request) =>
        request.Headers.NonValidated.TryGetValues("If-Match", out var values) && values.Any(v => v.Trim() is { Length: > 0 } tag && tag != "*");

    /// <summary>
    /// Whether a transport failure leaves a write's outcome unknown: it is unknown once its body began to go out (or,
    /// for a write without a body, once it may have been sent at all); a message whose body never went out was not applied.
    /// </summary>
    public static bool FailureMayHaveBeenApplied(int serialized, bool hasBody) => serialized > 0 || !hasBody;

    /// <summary>
    /// What the caller is told of a send that failed in transport: <see cref="ConflictFailureReason.OutcomeUnknown"/>
    /// when it may have been applied, cancelled or not; otherwise the caller's cancellation stays cancellation (so an
    /// <see cref="OperationCanceledException"/> always means "not applied"), and any other failure is
    /// <see cref="ConflictFailureReason.SendFailed"/>.
    /// </summary>
    public static Exception TransportFailure(Exception failure, CancellationToken cancellationToken, HttpRequestMessage message, bool hasBody, WriteProgress write) =>
        FailureMayHaveBeenApplied(RequestSnapshot.SerializedOf(message), hasBody) ? ConflictErrors.OutcomeUnknown(write, failure)
        : failure is OperationCanceledException && cancellationToken.IsCancellationRequested ? failure
        : ConflictErrors.SendFailed(write, failure);

    /// <summary>
    /// The key of the message sent at <paramref name="attempt"/>: the caller's own for the first, derived for a later
    /// message (another body or precondition under the same key is refused by servers that follow the IETF draft).
    /// </summary>
    public static string KeyForAttempt(string key, int attempt) =>
        attempt <= 1 ? key : string.Create(CultureInfo.InvariantCulture, $"{key}.{attempt}");
}
