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
    /// Gets how the current state of what this write targets is read: a GET of another URI
    /// (<see cref="ConflictRead.Get"/>), or a request with a body (<see cref="ConflictRead.Post"/>), optionally for a
    /// write whose body holds the state in one member (<see cref="ConflictRead.At"/>). It must stay on the write's
    /// scheme, host and port. Null: a GET of the write's own URI for PUT, PATCH and DELETE; nothing for a POST.
    /// </summary>
    public ConflictRead? Read { get; init; }
}
