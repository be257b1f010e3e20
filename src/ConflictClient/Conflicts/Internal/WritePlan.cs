using ConflictClient.Http;
using ConflictClient.Merging;
using ConflictClient.Versioning;

namespace ConflictClient.Conflicts;

/// <summary>
/// What is fixed for one guarded write once it met a conflict: the caller's message (as a template for every later
/// message), where the version lives, how to merge, what a duplicate does, and which fields are the server's.
/// Immutable, and made only when a write needs it.
/// </summary>
internal sealed class WritePlan
{
    public required ConflictResolutionStrategyOptions Options { get; init; }

    /// <summary>Gets the resilience context the write runs in (a group's own, for a group commit).</summary>
    public required Polly.ResilienceContext Context { get; init; }

    /// <summary>Gets the client's remembered bases; null when the merge strategy uses none.</summary>
    public Merging.BaseMemory? Bases { get; init; }

    /// <summary>Gets the caller's message, kept to make every later message (its headers and options).</summary>
    public required RequestSnapshot Template { get; init; }

    public required VersionSource VersionSource { get; init; }

    public required MergeStrategy Merge { get; init; }

    public required DuplicatePolicy DuplicatePolicy { get; init; }

    /// <summary>Gets the base passed with the request (<see cref="ConflictRequestOptions.Base"/>), as given; null for none.</summary>
    public object? RequestBase { get; init; }

    /// <summary>Gets the caller's change when the write re-applies one.</summary>
    public ReapplyRequest? Reapply { get; init; }

    /// <summary>Gets the fields every merge takes from the server: the version's pointers and the server-managed paths.</summary>
    public required IReadOnlyList<string> ServerManaged { get; init; }

    /// <summary>Gets the patch format of a PATCH body; null when the write is no patch.</summary>
    public PatchKind? PatchKind { get; init; }

    /// <summary>Gets the read the request's settings describe; null: a GET of the resource's URI.</summary>
    public ConflictRead? Read { get; init; }

    /// <summary>Gets a value indicating whether the write was built on a state this client never checked (a group's batch from a caller's state).</summary>
    public bool StartedUnverified { get; init; }

    /// <summary>Gets a value indicating whether the writer holds its turn at the resource (<see cref="ConflictTurns"/>): nobody who takes turns writes meanwhile.</summary>
    public bool HoldsTurn { get; init; }

    public HttpMethod Method => Template.Method;

    public Uri RequestUri => Template.RequestUri;

    /// <summary>Gets the media type of the caller's body.</summary>
    public string? MediaType => Template.ContentType?.MediaType;

    /// <summary>Gets a value indicating whether the write is a PATCH whose format no patch rebase knows.</summary>
    public bool IsUnknownPatch => Method == HttpMethod.Patch && PatchKind is null;
}
