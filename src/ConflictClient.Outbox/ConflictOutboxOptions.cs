using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using ConflictClient.Conflicts;
using ConflictClient.Outbox.Internal;

namespace ConflictClient.Outbox;

/// <summary>How a <see cref="ConflictOutbox"/> keeps and sends queued writes.</summary>
public sealed class ConflictOutboxOptions
{
    /// <summary>
    /// Gets or sets the SQLite file of the default store (created when missing; WAL journal). Ignored when
    /// <see cref="Store"/> is set. Each client needs a file of its own (checked at start-up): a sender sends every write
    /// of its file through its client, with that client's credentials.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: <c>conflict-outbox-&lt;client name&gt;.db</c> in the working directory.</value>
    public string? DatabasePath { get; set; }

    /// <summary>Gets or sets a store to use instead of SQLite at <see cref="DatabasePath"/>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Func<IServiceProvider, IConflictOutboxStore>? Store { get; set; }

    /// <summary>
    /// Gets or sets how many writes may wait at once (queued, being sent, or parked for a person). An enqueue beyond
    /// it fails with <see cref="ConflictOutboxFullException"/> and stores nothing.
    /// </summary>
    /// <value>The default value is 10,000.</value>
    [Range(1, int.MaxValue)]
    public int MaxEntries { get; set; } = ConflictOutboxConstants.DefaultMaxEntries;

    /// <summary>Gets or sets the largest body (and base) in bytes a queued write may have; a larger one is refused at enqueue.</summary>
    /// <value>The default value is 1 MiB.</value>
    [Range(0, int.MaxValue)]
    public int MaxEntrySize { get; set; } = ConflictOutboxConstants.DefaultMaxEntrySize;

    /// <summary>
    /// Gets or sets how often a write may be answered with a server error (408, 429 or 5xx) before it ends: not applied,
    /// or of unknown outcome when a send of it may have been applied. Until then it waits, with backoff, while the rest
    /// of the queue goes on. Unreachable servers do not count: a write waits for them as long as it takes.
    /// </summary>
    /// <value>The default value is 10.</value>
    [Range(1, int.MaxValue)]
    public int MaxServerErrors { get; set; } = ConflictOutboxConstants.DefaultMaxServerErrors;

    /// <summary>Gets or sets how many resources the sender writes at once (writes to one resource always go one after another, in order).</summary>
    /// <value>The default value is 4.</value>
    [Range(1, 256)]
    public int MaxConcurrentResources { get; set; } = ConflictOutboxConstants.DefaultMaxConcurrentResources;

    /// <summary>Gets or sets the first wait after the server could not be reached; it doubles (with jitter) up to <see cref="MaxOfflineRetryDelay"/>.</summary>
    /// <value>The default value is 1 second.</value>
    [TimeSpanRange("00:00:00", "01:00:00")]
    public TimeSpan OfflineRetryDelay { get; set; } = ConflictOutboxConstants.DefaultOfflineRetryDelay;

    /// <summary>Gets or sets the longest wait between tries while the server cannot be reached.</summary>
    /// <value>The default value is 1 minute.</value>
    [TimeSpanRange("00:00:00", "1.00:00:00")]
    public TimeSpan MaxOfflineRetryDelay { get; set; } = ConflictOutboxConstants.DefaultMaxOfflineRetryDelay;

    /// <summary>Gets or sets how long an ended write stays in the store (to be read back with <c>ConflictOutbox.GetEntryAsync</c>) before it is pruned.</summary>
    /// <value>The default value is 1 day.</value>
    [TimeSpanRange("00:00:00", "365.00:00:00")]
    public TimeSpan CompletedRetention { get; set; } = ConflictOutboxConstants.DefaultCompletedRetention;

    /// <summary>
    /// Gets or sets whether the outbox gives every queued write that has none an <c>Idempotency-Key</c> at enqueue,
    /// kept with it, so that a resend after a restart is answered instead of applied again. Set it only when the server
    /// honours the header; otherwise a write that may have left before a crash is checked by its precondition, or
    /// reported as <see cref="OutboxOutcomeKind.OutcomeUnknown"/>.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool GenerateIdempotencyKeys { get; set; }

    /// <summary>
    /// Gets or sets the serializer options a base given as an object (not as JSON) is written with at enqueue; they need a
    /// type resolver for the base's type (a <c>JsonSerializerContext</c>, or <c>DefaultJsonTypeInfoResolver</c> where
    /// reflection is allowed). Without them, such a base is refused at enqueue.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: bases are given as JSON (a <c>JsonNode</c>, <c>JsonElement</c>, JSON text or UTF-8 bytes).</value>
    public JsonSerializerOptions? SerializerOptions { get; set; }

    /// <summary>
    /// Gets or sets whether a write ended by one of these reasons waits for a person (parked with its conflict report),
    /// rather than ending as not applied. The rest of the queue goes on, later writes to the same resource included
    /// (each merges onto the server's state as usual).
    /// </summary>
    /// <value>The default value parks <see cref="ConflictFailureReason.MergeUnresolved"/>, <see cref="ConflictFailureReason.MergeGaveUp"/>,
    /// <see cref="ConflictFailureReason.MergeFailed"/> and <see cref="ConflictFailureReason.Duplicate"/>.</value>
    public Func<ConflictFailureReason, bool> ShouldPark { get; set; } = ConflictOutboxConstants.NeedsAPerson;
}
