using System.ComponentModel.DataAnnotations;
using ConflictClient.Merging;
using ConflictClient.Versioning;
using Polly;

namespace ConflictClient.Conflicts;

/// <summary>
/// Options of the conflict-resolution strategy: when a write meets 409 Conflict or 412 Precondition Failed, re-fetch the
/// resource, merge, and retry with the current version, a bounded number of times.
/// </summary>
public class ConflictResolutionStrategyOptions : ResilienceStrategyOptions, IValidatableObject
{
    /// <summary>Initializes a new instance of the <see cref="ConflictResolutionStrategyOptions"/> class.</summary>
    public ConflictResolutionStrategyOptions() => Name = ConflictResolutionConstants.DefaultName;

    /// <summary>Gets or sets how many times a write is sent in all, the first attempt included.</summary>
    /// <value>The default value is 50. Allowed: 1 to 100. <see cref="MaxResolutionTime"/> bounds the time as well.</value>
    [Range(1, ConflictResolutionConstants.MaxAttemptsLimit)]
    public int MaxAttempts { get; set; } = ConflictResolutionConstants.DefaultMaxAttempts;

    /// <summary>
    /// Gets or sets how long a write may keep resolving conflicts, from its first conflict: a conflict met after that
    /// is not retried (<see cref="ConflictFailureReason.AttemptsExhausted"/>). Together with <see cref="MaxAttempts"/>
    /// it bounds a write however busy the resource is, without failing writes that are merely unlucky.
    /// </summary>
    /// <value>The default value is 30 seconds.</value>
    [TimeSpanRange("00:00:00.001", "01:00:00")]
    public TimeSpan MaxResolutionTime { get; set; } = ConflictResolutionConstants.DefaultMaxResolutionTime;

    /// <summary>Gets or sets the base of the exponential backoff between a conflict and the retry.</summary>
    /// <value>The default value is 20 milliseconds. The wait before retry <c>n</c> is a random value between zero and <c>BaseDelay × 2^(n-1)</c>, at most <see cref="MaxDelay"/>.</value>
    [TimeSpanRange("00:00:00", "00:01:00")]
    public TimeSpan BaseDelay { get; set; } = ConflictResolutionConstants.DefaultBaseDelay;

    /// <summary>
    /// Gets or sets a value indicating whether the backoff scales to this client's observed write round-trip time: its
    /// first step is <c>min(BaseDelay, 4 × round trip)</c>, so a nearby server is retried in microseconds and a distant
    /// one no faster than <see cref="BaseDelay"/>. Until a round trip is observed, <see cref="BaseDelay"/> is used.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool AdaptiveBackoff { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether, from a write's second version conflict on, the retry waits for the
    /// resource to be quiet: it reads the current state, waits, and reads again, and writes only when nothing changed in
    /// between (else it waits twice as long and looks again, up to 6 times per attempt). Under sustained contention this
    /// trades cheap reads for writes that would fail; the first conflict is retried as before.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool ListenBeforeRetry { get; set; } = true;

    /// <summary>Gets or sets the longest backoff between a conflict and the retry.</summary>
    /// <value>The default value is 2 seconds.</value>
    [TimeSpanRange("00:00:00", "01:00:00")]
    public TimeSpan MaxDelay { get; set; } = ConflictResolutionConstants.DefaultMaxDelay;

    /// <summary>Gets or sets a value indicating whether a <c>Retry-After</c> on a conflict replaces the backoff.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RespectRetryAfter { get; set; } = true;

    /// <summary>Gets or sets the longest <c>Retry-After</c> honoured; longer ones are cut to this.</summary>
    /// <value>The default value is 30 seconds.</value>
    [TimeSpanRange("00:00:00", "01:00:00")]
    public TimeSpan MaxRetryAfter { get; set; } = ConflictResolutionConstants.DefaultMaxRetryAfter;

    /// <summary>
    /// Gets or sets the largest body, in bytes, kept in memory: the write's own body (captured once to be re-sent) and the
    /// server's representations read to merge. A larger write body fails before anything is sent.
    /// </summary>
    /// <value>The default value is 1 MiB (1,048,576 bytes).</value>
    [Range(1, int.MaxValue)]
    public int MaxBodySize { get; set; } = ConflictResolutionConstants.DefaultMaxBodySize;

    /// <summary>
    /// Gets or sets how many bytes of representations the client remembers, per URI, as bases for three-way merges: the
    /// last JSON representation it read (GET) or got back from a write. A base is used only when its version is the one
    /// the write carries. Only merge strategies that use a base (<see cref="Merging.MergeStrategy.ThreeWay(Action{Json.JsonMergeOptions}?)"/>)
    /// remember anything; 0 turns remembering off.
    /// </summary>
    /// <value>The default value is 4 MiB (4,194,304 bytes), least recently used first out.</value>
    [Range(0, int.MaxValue)]
    public int BaseCacheSize { get; set; } = ConflictResolutionConstants.DefaultBaseCacheSize;

    /// <summary>
    /// Gets the JSON Pointers of fields the server manages (timestamps such as Azure's <c>/Timestamp</c>,
    /// <c>/metadata/managedFields</c>): a three-way merge always takes the server's value there, and never reports a
    /// conflict. The version's own pointer (<see cref="VersionSource.JsonBody"/>, <see cref="VersionSource.Query"/>) is
    /// always server-managed. <c>*</c> segments match any member or index.
    /// </summary>
    /// <value>The default value is empty.</value>
    public IList<string> ServerManagedPaths { get; } = [];

    /// <summary>Gets or sets where the resource's version lives.</summary>
    /// <value>The default value is <see cref="VersionSource.ETag"/> (ETag / If-Match headers).</value>
    [Required]
    public VersionSource VersionSource { get; set; } = VersionSource.ETag;

    /// <summary>
    /// Gets or sets a per-route choice of version source: return one for the request, or <see langword="null"/> to use
    /// <see cref="VersionSource"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Func<HttpRequestMessage, VersionSource?>? VersionSourceSelector { get; set; }

    /// <summary>Gets or sets how a write that met a conflict is reconciled with the server's state. Required.</summary>
    /// <value>The default value is <see langword="null"/>: choose <see cref="Merging.MergeStrategy.ClientWins"/>, <see cref="Merging.MergeStrategy.ServerWins"/> or a custom merge.</value>
    [Required(ErrorMessage = "The MergeStrategy field is required: choose MergeStrategy.ClientWins (overwrite others), MergeStrategy.ServerWins (drop my write) or MergeStrategy.Custom(...).")]
    public MergeStrategy? MergeStrategy { get; set; }

    /// <summary>
    /// Gets or sets where to fetch the current representation from; relative URIs resolve against the write's URI.
    /// It must stay on the write's scheme, host and port.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: a GET on the write's own URI, query string included.</value>
    public Func<ResourceLocatorArguments, Uri>? ResourceLocator { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the conflict response's body and <c>ETag</c> are the current representation,
    /// so no GET is needed. A write's first conflict uses that state at once, without waiting (it is fresh only now);
    /// later conflicts back off and then fetch the state with a GET. When a conflict response has no body, the strategy
    /// fetches as usual.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool ConflictResponseCarriesCurrent { get; set; }

    /// <summary>
    /// Gets or sets the predicate that tells which responses to a write are handled at all; what each means is then
    /// classified (<see cref="ConflictKind"/>, <see cref="ConflictRules"/>).
    /// </summary>
    /// <value>
    /// The default value is <see cref="ConflictPredicateArguments.IsDefaultConflict"/>: 409, 412 and 428 to PUT, PATCH,
    /// DELETE and POST, and 422 to a write carrying an Idempotency-Key.
    /// </value>
    [Required]
    public Func<ConflictPredicateArguments, ValueTask<bool>> ShouldHandle { get; set; } = ConflictResolutionConstants.DefaultShouldHandle;

    /// <summary>Gets the classification rules of the application, checked in order before the defaults (see <see cref="ConflictKind"/>).</summary>
    /// <value>The default value is empty: the defaults read the method, the preconditions, the status and the problem details.</value>
    public IList<ConflictRule> ConflictRules { get; } = [];

    /// <summary>Gets or sets what a create that meets an existing resource does.</summary>
    /// <value>The default value is <see cref="Conflicts.DuplicatePolicy.Fail"/>.</value>
    public DuplicatePolicy DuplicatePolicy { get; set; } = DuplicatePolicy.Fail;

    /// <summary>Gets or sets a per-route duplicate policy: return one for the request, or <see langword="null"/> for <see cref="DuplicatePolicy"/>.</summary>
    /// <value>The default value is <see langword="null"/>. A request's own <see cref="ConflictRequestOptions.DuplicatePolicy"/> wins over both.</value>
    public Func<HttpRequestMessage, DuplicatePolicy?>? DuplicatePolicySelector { get; set; }

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
    /// Gets or sets a value indicating whether each POST and PATCH without an <c>Idempotency-Key</c> gets one (IETF
    /// httpapi draft): the same on every retry of that call, transient and conflict retries alike, and new for the next call.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool GenerateIdempotencyKeys { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether <c>Reapply</c> (ConflictClient.Refit) writes through this client are queued per
    /// resource and written together: one write at a time per resource (single flight), and the changes queued meanwhile
    /// applied in arrival order and written in one request. Each caller's change is applied exactly once, and each caller
    /// gets the state right after its own change (with the ETag only when that is the written state).
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool GroupCommit { get; set; } = true;

    /// <summary>Gets or sets a callback run each time a write meets a conflict, before the wait.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Func<OnConflictArguments, ValueTask>? OnConflict { get; set; }

    /// <summary>Gets or sets the jitter source, for deterministic tests.</summary>
    internal Func<double> Randomizer { get; set; } = Random.Shared.NextDouble;

    /// <summary>Applies what a kind of server needs (see <see cref="Profiles.ConflictProfiles"/>); options set after this win.</summary>
    /// <param name="profile">The server's profile, such as <see cref="Profiles.ConflictProfiles.CouchDb"/>.</param>
    /// <returns>These options, to chain.</returns>
    public ConflictResolutionStrategyOptions Use(Profiles.ConflictProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        profile.ApplyTo(this);
        return this;
    }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (VersionSource?.Validate() is { } versionError)
        {
            yield return new ValidationResult($"The VersionSource field is invalid: {versionError}", [nameof(VersionSource)]);
        }

        foreach (var path in ServerManagedPaths)
        {
            if (!Json.JsonPointer.TryParseMember(path, out _, out var pathError))
            {
                yield return new ValidationResult($"The ServerManagedPaths field holds '{path}', which is not a JSON Pointer to a field: {pathError}.", [nameof(ServerManagedPaths)]);
            }
        }

        if (BaseDelay > MaxDelay)
        {
            yield return new ValidationResult(
                $"The BaseDelay field ({BaseDelay}) must not be greater than the MaxDelay field ({MaxDelay}).",
                [nameof(BaseDelay), nameof(MaxDelay)]);
        }
    }
}
