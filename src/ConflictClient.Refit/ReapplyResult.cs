namespace ConflictClient.Merging;

/// <summary>The outcome of a <see cref="Reapply"/> update.</summary>
/// <typeparam name="T">The resource type.</typeparam>
/// <param name="Value">The resource as the server returned it after the write, or its current state when nothing was written.</param>
/// <param name="Written">Whether a write was applied; <see langword="false"/> when the change had nothing to do.</param>
/// <param name="Attempts">How many times the write was sent (0 when nothing was written at first sight).</param>
/// <param name="Conflicts">How many conflicts were met and answered by applying the change again.</param>
public sealed record ReapplyResult<T>(T Value, bool Written, int Attempts, int Conflicts)
{
    /// <summary>
    /// Gets the version (ETag) of <see cref="Value"/>, to pass with it to the next update; null when the server sent
    /// none, or when a group commit wrote this change together with later ones (only the last state written has one).
    /// </summary>
    public string? EntityTag { get; init; }
}
