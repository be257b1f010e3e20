namespace ConflictClient.Conflicts;

/// <summary>What to do when a create meets a resource that exists already.</summary>
public enum DuplicatePolicy
{
    /// <summary>Fail with <see cref="DuplicateResourceException"/>, carrying the existing resource's location when known.</summary>
    Fail,

    /// <summary>
    /// Get-or-create: fetch the existing resource and return it as the create's result (200 OK instead of 201;
    /// <see cref="ConflictWriteResult.Outcome"/> reads <see cref="ConflictOutcome.Adopted"/>).
    /// </summary>
    AdoptExisting,

    /// <summary>
    /// Fetch the existing resource and update it with my body through the merge strategy and the conflict loop; return
    /// the updated state (<see cref="ConflictOutcome.MergedIntoExisting"/>).
    /// </summary>
    MergeIntoExisting,
}
