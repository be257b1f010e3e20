using ConflictClient.Versioning;

namespace ConflictClient.Conflicts;

/// <summary>
/// What one request changes of its client's options, returned by <see cref="ConflictResolutionStrategyOptions.ForRequest"/>
/// (for example per route). Settings left null keep the client's.
/// </summary>
public sealed class ConflictRequestSettings
{
    /// <summary>Gets where this request's resource keeps its version.</summary>
    public VersionSource? VersionSource { get; init; }

    /// <summary>Gets what this create does when it meets an existing resource.</summary>
    public DuplicatePolicy? DuplicatePolicy { get; init; }

    /// <summary>
    /// Gets where the current state of this write's resource is read from (a GET); relative URIs resolve against the
    /// write's URI, and it must stay on the write's scheme, host and port. Null: the write's own URI.
    /// </summary>
    public Uri? ReadFrom { get; init; }
}
