namespace ConflictClient.Json;

/// <summary>How a three-way merge treats arrays.</summary>
public enum JsonArrayMergeMode
{
    /// <summary>An array is one value: changed on one side, that side wins; changed differently on both, a conflict.</summary>
    Atomic,

    /// <summary>
    /// Items are objects matched by a key property (such as <c>id</c>, like Kubernetes' <c>patchMergeKey</c>): items added
    /// on either side are kept, items removed on either side are removed, items changed on both are merged recursively.
    /// Result order: the remote items in remote order, then items added locally, in local order. Items without the key, or
    /// with a duplicate key, make the array merge as <see cref="Atomic"/>.
    /// </summary>
    MergeByKey,

    /// <summary>
    /// Arrays of primitives merged as sets: additions from both sides kept, removals from both sides applied, duplicates
    /// dropped. Result order: the remote items in remote order, then items added locally, in local order. An array holding
    /// objects or arrays merges as <see cref="Atomic"/>.
    /// </summary>
    SetUnion,
}
