namespace ConflictClient.Merging;

/// <summary>
/// One caller's change as <c>Reapply</c> hands it to the conflict handler: a function over the resource's JSON
/// (null when there is nothing to do), and the state and version the caller read. The state is serialized only if a
/// group's leader starts from it.
/// </summary>
internal sealed record ReapplyChange(Func<byte[], byte[]?> Apply, Func<byte[]> ReadState, string? ReadEntityTag);
