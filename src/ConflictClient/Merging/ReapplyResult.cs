namespace ConflictClient.Merging;

/// <summary>The outcome of <see cref="Reapply.UpdateAsync{TApi, T}"/>.</summary>
/// <typeparam name="T">The resource type.</typeparam>
/// <param name="Value">The resource as the server returned it after the write, or its current state when nothing was written.</param>
/// <param name="Written">Whether a write was applied; <see langword="false"/> when the change had nothing to do.</param>
/// <param name="Attempts">How many times the write was sent (0 when nothing was written at first sight).</param>
/// <param name="Conflicts">How many conflicts were met and answered by applying the change again.</param>
public sealed record ReapplyResult<T>(T Value, bool Written, int Attempts, int Conflicts);
