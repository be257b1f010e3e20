using ConflictClient.Versioning;

namespace ConflictClient.Conflicts;

/// <summary>
/// One send of a guarded write, immutable: what goes over the wire (method, target, body, preconditions,
/// Idempotency-Key), the version it carries, where the resource it writes is read from, and what its body was based on.
/// A conflict's answer makes the next attempt; nothing changes an attempt once made.
/// </summary>
internal sealed record Attempt
{
    /// <summary>Gets its number: 1 for the first send.</summary>
    public required int Number { get; init; }

    public required HttpMethod Method { get; init; }

    /// <summary>Gets where it is sent.</summary>
    public required Uri Target { get; init; }

    /// <summary>Gets its body; null for none.</summary>
    public byte[]? Body { get; init; }

    public string? IfMatch { get; init; }

    public string? IfNoneMatch { get; init; }

    public string? IdempotencyKey { get; init; }

    /// <summary>Gets the version it carries (the caller's, or the one the last merge was based on); empty when none.</summary>
    public VersionToken Version { get; init; }

    /// <summary>
    /// Gets a value indicating whether it carries a version (If-Match, If-Unmodified-Since, a body or query version). Only
    /// a conditional write can meet a version conflict, and a version is never added to one that is not.
    /// </summary>
    public bool IsConditional { get; init; }

    /// <summary>Gets where the current state of its resource is read; null for a create until it meets its resource.</summary>
    public Uri? Resource { get; init; }

    /// <summary>Gets the server state its body was made from, by a merge; null for the caller's own body.</summary>
    public byte[]? MergedFrom { get; init; }

    /// <summary>Gets a value indicating whether it is a create that became an update of the resource it met.</summary>
    public bool MergedIntoExisting { get; init; }

    public bool IsCreate => Method == HttpMethod.Post;
}
