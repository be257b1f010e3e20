namespace ConflictClient.Conflicts;

/// <summary>Creates: what a create that meets an existing resource does, and the preconditions and keys writes carry.</summary>
public sealed class ConflictCreateOptions
{
    /// <summary>Gets or sets what a create that meets an existing resource does.</summary>
    /// <value>The default value is <see cref="Conflicts.DuplicatePolicy.Fail"/>. Per request: <see cref="ConflictRequestSettings.DuplicatePolicy"/> or <see cref="ConflictRequestOptions.DuplicatePolicy"/>.</value>
    public DuplicatePolicy DuplicatePolicy { get; set; } = DuplicatePolicy.Fail;

    /// <summary>
    /// Gets or sets how to find the resource a create collided with, when the response's <c>Location</c> header and its
    /// problem details (<c>location</c>, <c>existing</c>, <c>existingResource</c>) do not say. Relative URIs resolve
    /// against the create's URI; the result must stay on its origin.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Func<ExistingResourceArguments, Uri?>? ExistingResourceLocator { get; set; }

    /// <summary>Gets or sets a value indicating whether POSTs are sent create-only (<c>If-None-Match: *</c>), so a 412 means "exists already".</summary>
    /// <value>The default value is <see langword="false"/>. Per request: <see cref="ConflictRequestOptions.CreateOnly"/> (also for PUT-to-create).</value>
    public bool CreateOnly { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether each guarded write (POST, PUT, PATCH, DELETE) without an
    /// <c>Idempotency-Key</c> gets one (IETF httpapi draft): the same on transient resends, its own on each merged retry.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool GenerateIdempotencyKeys { get; set; }
}
