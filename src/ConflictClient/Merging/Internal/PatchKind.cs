namespace ConflictClient.Merging;

/// <summary>The patch formats a PATCH body may be in.</summary>
internal enum PatchKind
{
    /// <summary>JSON Merge Patch (RFC 7396, <c>application/merge-patch+json</c>, and a PATCH's plain <c>application/json</c>).</summary>
    MergePatch,

    /// <summary>JSON Patch (RFC 6902, <c>application/json-patch+json</c>).</summary>
    JsonPatch,
}
