using ConflictClient.Conflicts;

namespace ConflictClient.Outbox;

/// <summary>
/// A queued write as the store keeps it: what is sent (method, target, headers without credentials, body), what a
/// later merge needs (the base and, in the headers or the body, the version), and how far it got.
/// </summary>
public sealed record OutboxEntry
{
    /// <summary>Gets the entry's number, given by the store in enqueue order.</summary>
    public long Id { get; init; }

    /// <summary>Gets the resource the write belongs to (its URI without query); writes to one resource are sent in order.</summary>
    public required string Resource { get; init; }

    /// <summary>Gets the HTTP method: PUT, PATCH, DELETE or POST.</summary>
    public required string Method { get; init; }

    /// <summary>Gets the absolute URI the write is sent to.</summary>
    public required Uri RequestUri { get; init; }

    /// <summary>Gets the request and content headers sent with it; credentials are never kept (the client's handlers add them when it is sent).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Gets the body, or null for a write without one.</summary>
    public ReadOnlyMemory<byte>? Body { get; init; }

    /// <summary>Gets the representation the change was made from (UTF-8 JSON): the base of a three-way merge; null when none was given.</summary>
    public ReadOnlyMemory<byte>? Base { get; init; }

    /// <summary>Gets the write's Idempotency-Key, kept so that a resend after a restart carries the same one.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Gets where the write is in its life.</summary>
    public OutboxEntryState State { get; init; }

    /// <summary>Gets how often the sender recorded its intent to send it.</summary>
    public int Sends { get; init; }

    /// <summary>Gets how often the server answered it with a server error (408, 429, 5xx); see <see cref="ConflictOutboxOptions.MaxServerErrors"/>.</summary>
    public int ServerErrors { get; init; }

    /// <summary>Gets whether an earlier send may have reached the server; a resend must then prove it applied the write once.</summary>
    public bool MayHaveLeft { get; init; }

    /// <summary>Gets when it was enqueued.</summary>
    public DateTimeOffset EnqueuedAt { get; init; }

    /// <summary>Gets when it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Gets how it ended (or <see cref="OutboxOutcomeKind.Parked"/>); <see cref="OutboxOutcomeKind.None"/> before.</summary>
    public OutboxOutcomeKind Outcome { get; init; }

    /// <summary>Gets how the conflict strategy ended it when it succeeded (written, merged, server won, …).</summary>
    public ConflictOutcome WriteOutcome { get; init; }

    /// <summary>Gets why it failed, when it did.</summary>
    public ConflictFailureReason Reason { get; init; }

    /// <summary>Gets the status of the server's last answer, when there was one.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Gets what the person should be told (no secrets, no whole bodies).</summary>
    public string? Message { get; init; }

    /// <summary>Gets the server's state when the write was parked or its outcome was unknown (theirs), when it could be read.</summary>
    public ReadOnlyMemory<byte>? Remote { get; init; }

    /// <summary>Gets the version of <see cref="Remote"/>, when it carried one.</summary>
    public string? RemoteVersion { get; init; }
}
