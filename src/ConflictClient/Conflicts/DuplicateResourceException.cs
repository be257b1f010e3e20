namespace ConflictClient.Conflicts;

/// <summary>A create met a resource that exists already, under <see cref="DuplicatePolicy.Fail"/>.</summary>
public sealed class DuplicateResourceException : ConflictException
{
    /// <summary>Initializes a new instance of the <see cref="DuplicateResourceException"/> class.</summary>
    public DuplicateResourceException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DuplicateResourceException"/> class.</summary>
    /// <param name="message">What happened and what to change.</param>
    public DuplicateResourceException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DuplicateResourceException"/> class.</summary>
    /// <param name="message">What happened and what to change.</param>
    /// <param name="innerException">The cause.</param>
    public DuplicateResourceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets where the existing resource is, when the server said (Location, problem details) or the locator found it.</summary>
    public Uri? ExistingLocation { get; init; }

    /// <summary>Gets what the server said about the duplicate (problem detail or title).</summary>
    public string? ServerMessage { get; init; }
}
