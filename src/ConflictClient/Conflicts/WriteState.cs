namespace ConflictClient.Conflicts;

/// <summary>
/// What one guarded write has sent so far and what that proves: the message the next attempt sends, the precondition
/// it carries, and whether an earlier send may have been applied. The promise (exactly once, or told) is read from here.
/// </summary>
internal sealed class WriteState
{
    public WriteState(HttpMethod method, Uri target, Uri? resourceUri, byte[]? body, string? ifMatch, string? ifNoneMatch, string? idempotencyKey)
    {
        Method = method;
        Target = target;
        ResourceUri = resourceUri;
        Body = body;
        IfMatch = ifMatch;
        IfNoneMatch = ifNoneMatch;
        IdempotencyKey = idempotencyKey;
        OriginalIdempotencyKey = idempotencyKey;
    }

    /// <summary>Gets or sets the method of the next send (a create merged into an existing resource becomes a PUT).</summary>
    public HttpMethod Method { get; set; }

    /// <summary>Gets or sets the URI the next send goes to.</summary>
    public Uri Target { get; set; }

    /// <summary>Gets or sets where the current representation is read from; null for a create until it meets a duplicate.</summary>
    public Uri? ResourceUri { get; set; }

    /// <summary>Gets or sets the body of the next send; null for none.</summary>
    public byte[]? Body { get; set; }

    /// <summary>Gets or sets the server state the last merge was based on; null until a merge happens.</summary>
    public byte[]? BaseBody { get; set; }

    /// <summary>Gets or sets the If-Match of the next send.</summary>
    public string? IfMatch { get; set; }

    /// <summary>Gets or sets the If-None-Match of the next send.</summary>
    public string? IfNoneMatch { get; set; }

    /// <summary>Gets or sets the Idempotency-Key of the next send: one per message, so a merged retry never reuses a key with another body.</summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>Gets the Idempotency-Key of the first send, from which later ones derive.</summary>
    public string? OriginalIdempotencyKey { get; }

    /// <summary>
    /// Gets or sets a value indicating whether the write carries a version (If-Match, If-Unmodified-Since or a body
    /// version). Only a conditional write can meet a version conflict, and a version is never added to one that is not.
    /// </summary>
    public bool IsConditional { get; set; }

    /// <summary>
    /// Gets a value indicating whether an earlier send of this write may have been applied: a message was sent more than
    /// once (a transient retry below this strategy) without an Idempotency-Key to let the server tell. From then on the
    /// write can only end as applied (when proven) or as <see cref="ConflictFailureReason.OutcomeUnknown"/>.
    /// </summary>
    public bool MayHaveBeenApplied { get; private set; }

    /// <summary>Gets how many version conflicts the write met.</summary>
    public int VersionConflicts { get; private set; }

    /// <summary>Gets or sets how long the resource must stay unchanged before a retry, once listening started.</summary>
    public TimeSpan? ListenWindow { get; set; }

    /// <summary>Gets or sets the server's Retry-After when it is why the write stopped: waiting would cross the time budget.</summary>
    public TimeSpan? WaitBeyondBudget { get; set; }

    /// <summary>Gets or sets a value indicating whether a create became an update of the resource it collided with.</summary>
    public bool MergedIntoExisting { get; set; }

    /// <summary>Gets or sets a value indicating whether the write was re-sent once after 428 Precondition Required.</summary>
    public bool PreconditionResent { get; set; }

    /// <summary>
    /// Records what the sends of the message a conflict answered prove: sent <paramref name="sends"/> times, it may
    /// have been applied before this answer unless an Idempotency-Key let the server replay its first answer.
    /// </summary>
    public void RecordSends(int sends, bool carriedIdempotencyKey) =>
        MayHaveBeenApplied |= SendProof.MayHaveBeenApplied(sends, carriedIdempotencyKey);

    /// <summary>Records the kind of a conflict the write met.</summary>
    public void RecordKind(ConflictKind kind) => VersionConflicts += kind == ConflictKind.VersionConflict ? 1 : 0;

    /// <summary>The Idempotency-Key of a new message (another body or precondition) at <paramref name="attempt"/>.</summary>
    public void RenewIdempotencyKey(int attempt) =>
        IdempotencyKey = OriginalIdempotencyKey is { } key ? SendProof.KeyForAttempt(key, attempt) : null;
}
