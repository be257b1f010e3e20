namespace ConflictClient.Conflicts;

/// <summary>Per-request settings of conflict resolution, carried in <see cref="HttpRequestMessage.Options"/>.</summary>
/// <remarks>
/// With Refit, pass them as method parameters marked <c>[Property(ConflictRequestOptions.BaseKey)]</c>.
/// </remarks>
public static class ConflictRequestOptions
{
    /// <summary>
    /// The key of the representation a write's change was based on: the base of a three-way merge. The value may be a
    /// <see cref="System.Text.Json.Nodes.JsonNode"/>, a <see cref="System.Text.Json.JsonElement"/>, JSON text, UTF-8
    /// JSON bytes, or any object (serialized with the merge's serializer options).
    /// </summary>
    public const string BaseKey = "ConflictClient.Base";

    /// <summary>Gets the typed key of <see cref="BaseKey"/>.</summary>
    public static HttpRequestOptionsKey<object?> Base { get; } = new(BaseKey);

    /// <summary>The key of a <see cref="bool"/>: <see langword="true"/> makes this write create-only (<c>If-None-Match: *</c>), so it never overwrites.</summary>
    public const string CreateOnlyKey = "ConflictClient.CreateOnly";

    /// <summary>Gets the typed key of <see cref="CreateOnlyKey"/>.</summary>
    public static HttpRequestOptionsKey<bool> CreateOnly { get; } = new(CreateOnlyKey);

    /// <summary>The key of a <see cref="Conflicts.DuplicatePolicy"/> for this write, overriding the client's.</summary>
    public const string DuplicatePolicyKey = "ConflictClient.DuplicatePolicy";

    /// <summary>Gets the typed key of <see cref="DuplicatePolicyKey"/>.</summary>
    public static HttpRequestOptionsKey<DuplicatePolicy> DuplicatePolicy { get; } = new(DuplicatePolicyKey);

    /// <summary>
    /// The key of a <see cref="ReapplyRequest"/>: this write's change is a function, re-applied to the latest state at
    /// every conflict (and, with <see cref="ConflictResolutionStrategyOptions.GroupCommit"/>, written together with other
    /// callers' changes to the same resource). <c>Reapply.UpdateAsync</c> (ConflictClient.Refit) passes it.
    /// </summary>
    public const string ReapplyKey = "ConflictClient.Reapply";

    /// <summary>Gets the typed key of <see cref="ReapplyKey"/>.</summary>
    public static HttpRequestOptionsKey<ReapplyRequest> Reapply { get; } = new(ReapplyKey);

    /// <summary>
    /// The key of a <see cref="ConflictWriteResult"/> that the strategy fills in when the write ends successfully: how it
    /// ended, after how many attempts and conflicts, with which version, and a report for the person. Pass your own to
    /// read it (with Refit, <c>[Property(ConflictRequestOptions.ResultKey)] ConflictWriteResult result</c>); after a write
    /// that met a conflict, the strategy also sets one on the request message itself when none was passed.
    /// </summary>
    public const string ResultKey = "ConflictClient.Result";

    /// <summary>Gets the typed key of <see cref="ResultKey"/>.</summary>
    public static HttpRequestOptionsKey<ConflictWriteResult> Result { get; } = new(ResultKey);

    /// <summary>
    /// The key of a <see cref="bool"/>: <see langword="true"/> says this write may have been sent before, by an earlier
    /// process that stopped before it had the answer (an outbox resending after a restart). The write is then handled
    /// as one whose first send may have been applied: it is sent again only where the answer proves the outcome (an
    /// <c>Idempotency-Key</c> the server honours, or a precondition that a second application would fail); a version
    /// conflict or any answer that proves nothing ends it with <see cref="ConflictFailureReason.OutcomeUnknown"/>, never
    /// merged and sent again.
    /// </summary>
    public const string SentBeforeKey = "ConflictClient.SentBefore";

    /// <summary>Gets the typed key of <see cref="SentBeforeKey"/>.</summary>
    public static HttpRequestOptionsKey<bool> SentBefore { get; } = new(SentBeforeKey);

    /// <summary>Sets the representation <paramref name="request"/>'s change was based on.</summary>
    /// <param name="request">The write.</param>
    /// <param name="baseRepresentation">The base, as described for <see cref="BaseKey"/>.</param>
    public static void SetConflictBase(this HttpRequestMessage request, object? baseRepresentation)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(Base, baseRepresentation);
    }

    /// <summary>
    /// Gets how the guarded write that <paramref name="response"/> answers ended, when it met a conflict (or when a
    /// <see cref="ConflictWriteResult"/> was passed with it); null for a write that simply succeeded at its first attempt.
    /// </summary>
    /// <param name="response">The response a guarded write returned.</param>
    /// <returns>The write's result, or null.</returns>
    public static ConflictWriteResult? GetConflictWriteResult(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.RequestMessage?.Options.TryGetValue(Result, out var result) == true ? result : null;
    }
}
