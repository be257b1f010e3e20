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
    /// Whether a transport failure of a retry leaves its outcome unknown: it is unknown once any byte of it may have
    /// reached the server; a message that never went out was not applied.
    /// </summary>
    public static bool FailureMayHaveBeenApplied(int sends) => sends > 0;

    /// <summary>
    /// The key of the message sent at <paramref name="attempt"/>: the caller's own for the first, derived for a merged
    /// retry (another body under the same key is refused by servers that follow the IETF draft).
    /// </summary>
    public static string KeyForAttempt(string key, int attempt) =>
        attempt <= 1 ? key : string.Create(CultureInfo.InvariantCulture, $"{key}.{attempt}");
}
