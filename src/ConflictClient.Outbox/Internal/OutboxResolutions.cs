using ConflictClient.Conflicts;

namespace ConflictClient.Outbox.Internal;

/// <summary>A person's decision on a parked write, as the entry it makes.</summary>
internal static class OutboxResolutions
{
    public static OutboxEntry Apply(OutboxEntry parked, OutboxResolution resolution, DateTimeOffset now)
    {
        if (resolution.Body is not { } body)
        {
            return parked with { State = OutboxEntryState.Ended, Outcome = OutboxOutcomeKind.NotApplied, Message = "Discarded by a person; the server's state stays.", UpdatedAt = now };
        }

        // The person's body is made from theirs: theirs is the new base, and its version the new precondition. Another
        // body needs another Idempotency-Key (a server that honours keys refuses a reused one with another payload).
        var key = parked.IdempotencyKey is null ? null : Guid.NewGuid().ToString();
        // A create of a resource (not a POST to a collection) that met an existing one becomes an update of it, under
        // theirs' version; without that version its If-None-Match stays, so it never writes without a precondition.
        var becomesUpdate = parked.RemoteVersion is not null && parked.Method != HttpMethod.Post.Method &&
            parked.Headers.Any(h => h.Key.Equals("If-None-Match", StringComparison.OrdinalIgnoreCase));
        var headers = parked.Headers
            .Where(h => !h.Key.Equals("Idempotency-Key", StringComparison.OrdinalIgnoreCase) && !(becomesUpdate && h.Key.Equals("If-None-Match", StringComparison.OrdinalIgnoreCase)) &&
                !(parked.RemoteVersion is not null && h.Key.Equals("If-Match", StringComparison.OrdinalIgnoreCase)))
            .ToList();
        if (parked.RemoteVersion is { } version && (becomesUpdate || parked.Headers.Any(h => h.Key.Equals("If-Match", StringComparison.OrdinalIgnoreCase))))
        {
            headers.Add(KeyValuePair.Create("If-Match", version));
        }

        if (key is not null)
        {
            headers.Add(KeyValuePair.Create("Idempotency-Key", key));
        }

        return parked with
        {
            State = OutboxEntryState.Queued,
            Outcome = OutboxOutcomeKind.None,
            Reason = ConflictFailureReason.None,
            WriteOutcome = ConflictOutcome.None,
            Body = body,
            Base = parked.Remote ?? parked.Base,
            Headers = headers,
            IdempotencyKey = key,
            Message = null,
            Remote = null,
            RemoteVersion = null,
            UpdatedAt = now,
        };
    }
}
