using ConflictClient.Conflicts;

namespace ConflictClient.Profiles;

/// <summary>Applies a server profile to a client's options.</summary>
public static class ConflictProfileExtensions
{
    /// <summary>Applies what a kind of server needs (see <see cref="ConflictProfiles"/>); options set after this win.</summary>
    /// <param name="options">The client's options.</param>
    /// <param name="profile">The server's profile, such as <see cref="ConflictProfiles.CouchDb"/>.</param>
    /// <returns>The options, to chain.</returns>
    public static ConflictResolutionStrategyOptions Use(this ConflictResolutionStrategyOptions options, ConflictProfile profile)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(profile);
        profile.ApplyTo(options);
        return options;
    }
}
