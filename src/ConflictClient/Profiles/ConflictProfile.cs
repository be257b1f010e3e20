using ConflictClient.Conflicts;

namespace ConflictClient.Profiles;

/// <summary>
/// What a kind of server needs from conflict resolution, set in one line: where it keeps versions, how it words its
/// conflicts. Apply one with <see cref="ConflictProfileExtensions.Use"/>; options set after it
/// win.
/// </summary>
public sealed class ConflictProfile
{
    private readonly Action<ConflictResolutionStrategyOptions> _apply;

    internal ConflictProfile(string name, string description, Action<ConflictResolutionStrategyOptions> apply)
    {
        Name = name;
        Description = description;
        _apply = apply;
    }

    /// <summary>Gets the server's name, such as "CouchDB".</summary>
    public string Name { get; }

    /// <summary>Gets what the profile sets, in words.</summary>
    public string Description { get; }

    internal void ApplyTo(ConflictResolutionStrategyOptions options) => _apply(options);

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Description}";
}
