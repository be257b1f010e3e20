using ConflictClient.Http;

namespace ConflictClient.Conflicts;

/// <summary>
/// What one guarded write has learned since its first conflict, immutable: each step makes the next with
/// <c>with</c>. Errors, reports and telemetry are built from it when the write ends, never from bags filled on the way.
/// </summary>
internal sealed record WriteProgress
{
    /// <summary>Gets the caller's method.</summary>
    public required HttpMethod Method { get; init; }

    /// <summary>Gets the caller's URI.</summary>
    public required Uri RequestUri { get; init; }

    /// <summary>Gets when the first conflict was met (a <see cref="TimeProvider"/> timestamp).</summary>
    public required long StartedAt { get; init; }

    /// <summary>Gets how many times the write was sent (messages, the first included).</summary>
    public int Attempts { get; init; }

    /// <summary>Gets how many conflict-like answers the write met.</summary>
    public int Conflicts { get; init; }

    /// <summary>
    /// Gets a value indicating whether an earlier send may have been applied: a message was sent more than once (a
    /// transient retry below) without an Idempotency-Key to let the server tell. From then on the write can only end as
    /// applied, when proven, or as <see cref="ConflictFailureReason.OutcomeUnknown"/>.
    /// </summary>
    public bool MayHaveBeenApplied { get; init; }

    /// <summary>Gets a value indicating whether the write was re-sent once after 428 Precondition Required.</summary>
    public bool PreconditionResent { get; init; }

    /// <summary>Gets the server's Retry-After when it is why the write stopped: waiting would cross the time budget.</summary>
    public TimeSpan? WaitBeyondBudget { get; init; }

    /// <summary>Gets the last conflict-like answer (or failed re-fetch).</summary>
    public ConflictAnswer? Answer { get; init; }

    /// <summary>Gets the server's state as last read.</summary>
    public RemoteState? Remote { get; init; }

    /// <summary>Gets the caller's own body, for the report ("mine").</summary>
    public byte[]? Mine { get; init; }

    /// <summary>Gets the base the first merge used, for the report ("was"); null when unknown.</summary>
    public byte[]? FirstBase { get; init; }

    /// <summary>Gets a value indicating whether a merge ran, so "was" has been decided.</summary>
    public bool Merged { get; init; }

    /// <summary>Gets the body the write ended with (or would have), for the report ("kept").</summary>
    public byte[]? Kept { get; init; }

    /// <summary>Gets the fields a report leaves out: versions and server-managed fields.</summary>
    public IReadOnlyList<string> Ignored { get; init; } = [];

    /// <summary>Gets a value indicating whether a field the caller's body lacks is one it does not model (a three-way merge's default).</summary>
    public bool MineOmitsUnmodeled { get; init; }

    /// <summary>Gets a value indicating whether the write is a patch: its body is a change, not the document.</summary>
    public bool IsPatch { get; init; }

    /// <summary>Gets the write as "PUT https://host/path", without the query (it may carry secrets).</summary>
    public string Describe() => $"{Method} {HttpOrigin.Redact(RequestUri)}";

    /// <summary>What the sends of a message prove: sent more than once without a key, it may have been applied.</summary>
    public WriteProgress AfterSend(int sends, bool carriedIdempotencyKey) =>
        MayHaveBeenApplied || !SendProof.MayHaveBeenApplied(sends, carriedIdempotencyKey) ? this : this with { MayHaveBeenApplied = true };
}
