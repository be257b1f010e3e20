namespace ConflictClient.Conflicts;

/// <summary>What one queued change got: the state right after it, and how the batch that carried it went.</summary>
/// <param name="State">The resource's state after this change (UTF-8 JSON).</param>
/// <param name="EntityTag">The version of that state, when it is the one written (the batch's last state); else null.</param>
/// <param name="Written">Whether this change did something and was written.</param>
/// <param name="Attempts">How many times the batch's write was sent.</param>
/// <param name="Conflicts">How many conflicts the batch's write met.</param>
/// <param name="Status">The status each caller is answered with: 200, or the server's error when the write failed with one.</param>
/// <param name="ContentType">The media type of <paramref name="State"/>.</param>
internal sealed record GroupCommitResult(byte[] State, string? EntityTag, bool Written, int Attempts, int Conflicts, System.Net.HttpStatusCode Status = System.Net.HttpStatusCode.OK, string ContentType = "application/json");
