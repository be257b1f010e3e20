namespace ConflictClient.Conflicts;

/// <summary>
/// What a conflict-like answer means: its <see cref="Kind"/>, and, when the words alone cannot settle it, what it means
/// if the probe finds the resource's version unchanged since the one the write carried.
/// </summary>
/// <param name="Kind">The kind; a <see cref="ConflictKind.VersionConflict"/> with <paramref name="IfUnchanged"/> set is one the probe must confirm.</param>
/// <param name="IfUnchanged">
/// The kind when the current version is the one sent: <see langword="null"/> for a version conflict the words are sure
/// of (an unchanged version then means the precondition can never hold).
/// </param>
internal readonly record struct ConflictVerdict(ConflictKind Kind, ConflictKind? IfUnchanged = null)
{
    /// <summary>Gets a value indicating whether the probe decides: a version conflict only if the version moved.</summary>
    public bool NeedsProbe => IfUnchanged is not null;

    public static implicit operator ConflictVerdict(ConflictKind kind) => new(kind);
}
