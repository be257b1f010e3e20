namespace ConflictClient.Json;

/// <summary>How a three-way merge settles a value changed differently on both sides.</summary>
public enum JsonConflictPolicy
{
    /// <summary>Leave it unresolved: the merge fails, listing every conflicting path (a write merged with it fails with a <c>ConflictException</c>).</summary>
    Fail,

    /// <summary>Keep my (local) value; a local deletion deletes.</summary>
    PreferLocal,

    /// <summary>Keep the server's (remote) value; a remote deletion deletes.</summary>
    PreferRemote,

    /// <summary>
    /// For numbers: <c>remote + (local - base)</c>, so two clients that each add 1 to a counter both count, even though
    /// both wrote the same new value. Anything else (not three numbers, or no base) stays unresolved.
    /// </summary>
    Additive,
}
