namespace ConflictClient.Conflicts;

/// <summary>What became of a write guarded by conflict resolution. Read it from <see cref="ConflictWriteResult"/>.</summary>
public enum ConflictOutcome
{
    /// <summary>The write has not ended (or ended in a failure, a <see cref="ConflictException"/>).</summary>
    None,

    /// <summary>The write succeeded at the first attempt.</summary>
    Written,

    /// <summary>The write met at least one conflict, was merged and re-sent, and then succeeded.</summary>
    WrittenAfterConflict,

    /// <summary>
    /// The server's state was kept and the write was NOT applied (<c>MergeStrategy.ServerWins</c>, or a custom merge that
    /// accepted the remote state). The caller received the server's current representation as a 200 OK response.
    /// </summary>
    ServerWon,

    /// <summary>
    /// A re-applied change (<c>Reapply</c> (ConflictClient.Refit)) had nothing to do on the server's latest state, so nothing was
    /// written; the caller received that state as a 200 OK response.
    /// </summary>
    Unchanged,

    /// <summary>A create met an existing resource, and <see cref="DuplicatePolicy.AdoptExisting"/> returned it (200 OK, not 201): nothing was created.</summary>
    Adopted,

    /// <summary>A create met an existing resource, and <see cref="DuplicatePolicy.MergeIntoExisting"/> updated it with my body.</summary>
    MergedIntoExisting,
}
