namespace ConflictClient.Json;

/// <summary>The operations of a JSON Patch (RFC 6902 §4).</summary>
internal enum JsonPatchOperationKind
{
    /// <summary>Not an operation (the zero value).</summary>
    None,

    /// <summary><c>add</c>: sets a member, inserts into an array, or replaces the whole document.</summary>
    Add,

    /// <summary><c>remove</c>: removes an existing member or item.</summary>
    Remove,

    /// <summary><c>replace</c>: replaces an existing value.</summary>
    Replace,

    /// <summary><c>move</c>: removes the value at <c>from</c> and adds it at <c>path</c>.</summary>
    Move,

    /// <summary><c>copy</c>: adds a copy of the value at <c>from</c> at <c>path</c>.</summary>
    Copy,

    /// <summary><c>test</c>: the value at <c>path</c> must equal <c>value</c>.</summary>
    Test,
}
