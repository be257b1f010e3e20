namespace ConflictClient.Json;

/// <summary>How one conflict of a three-way merge was settled.</summary>
public enum JsonMergeResolutionKind
{
    /// <summary>Not settled: the merge failed (<see cref="JsonConflictPolicy.Fail"/>, or a resolver left it).</summary>
    Unresolved,

    /// <summary>The local value was kept.</summary>
    Local,

    /// <summary>The remote value was kept.</summary>
    Remote,

    /// <summary>Numbers were combined: <c>remote + (local - base)</c>.</summary>
    Additive,

    /// <summary>A resolver supplied a value of its own (or removed the member).</summary>
    Custom,
}
