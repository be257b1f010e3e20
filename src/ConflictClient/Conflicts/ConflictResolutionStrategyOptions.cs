using System.ComponentModel.DataAnnotations;
using ConflictClient.Merging;
using Microsoft.Extensions.Options;
using Polly;

namespace ConflictClient.Conflicts;

/// <summary>
/// Options of the conflict-resolution strategy: when a write meets a conflict (409, 412, 428), re-read the resource,
/// merge, and retry with the current version, a bounded number of times. Grouped as Microsoft.Extensions.Http.Resilience
/// groups its options: <see cref="Retry"/>, <see cref="Versions"/>, <see cref="Creates"/>, <see cref="Bases"/>.
/// </summary>
public class ConflictResolutionStrategyOptions : ResilienceStrategyOptions, IValidatableObject
{
    /// <summary>Initializes a new instance of the <see cref="ConflictResolutionStrategyOptions"/> class.</summary>
    public ConflictResolutionStrategyOptions() => Name = ConflictResolutionConstants.DefaultName;

    /// <summary>Gets or sets how a write that met a conflict is reconciled with the server's state. Required.</summary>
    /// <value>The default value is <see langword="null"/>: choose <see cref="Merging.MergeStrategy.ClientWins"/>, <see cref="Merging.MergeStrategy.ServerWins"/>, a three-way merge or a custom merge.</value>
    [Required(ErrorMessage = "The ConflictResolutionStrategyOptions.MergeStrategy field is required: choose MergeStrategy.ClientWins (overwrite others), MergeStrategy.ServerWins (drop my write), MergeStrategy.ThreeWay() or MergeStrategy.Custom(...).")]
    public MergeStrategy? MergeStrategy { get; set; }

    /// <summary>Gets or sets when a write is sent again and when it stops.</summary>
    /// <value>The default value is a new <see cref="ConflictRetryOptions"/>: 50 attempts, 30 seconds.</value>
    [Required]
    [ValidateObjectMembers]
    public ConflictRetryOptions Retry { get; set; } = new();

    /// <summary>Gets or sets where versions live and which fields the server manages.</summary>
    /// <value>The default value is a new <see cref="ConflictVersionOptions"/>: ETag / If-Match.</value>
    [Required]
    [ValidateObjectMembers]
    public ConflictVersionOptions Versions { get; set; } = new();

    /// <summary>Gets or sets what creates that meet an existing resource do, and which keys and preconditions writes carry.</summary>
    /// <value>The default value is a new <see cref="ConflictCreateOptions"/>: a duplicate fails.</value>
    [Required]
    public ConflictCreateOptions Creates { get; set; } = new();

    /// <summary>Gets or sets how the bases of three-way merges are remembered.</summary>
    /// <value>The default value is a new <see cref="ConflictBaseOptions"/>: 4 MiB.</value>
    [Required]
    [ValidateObjectMembers]
    public ConflictBaseOptions Bases { get; set; } = new();

    /// <summary>
    /// Gets or sets the largest body, in bytes, kept in memory: the write's own body (captured once to be re-sent) and the
    /// server's representations read to merge. A larger write body fails before anything is sent.
    /// </summary>
    /// <value>The default value is 1 MiB (1,048,576 bytes).</value>
    [Range(1, int.MaxValue)]
    public int MaxBodySize { get; set; } = ConflictResolutionConstants.DefaultMaxBodySize;

    /// <summary>
    /// Gets or sets a value indicating whether re-apply writes through this client (a <see cref="ReapplyRequest"/>) are
    /// queued per resource and written together: one write at a time per resource, and the changes queued meanwhile
    /// applied in arrival order and written in one request.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool GroupCommit { get; set; } = true;

    /// <summary>
    /// Gets or sets the predicate that tells which responses to a write are handled at all; what each means is then
    /// classified (<see cref="ConflictKind"/>, <see cref="ConflictRules"/>).
    /// </summary>
    /// <value>
    /// The default value is <see cref="ConflictPredicateArguments.IsDefaultConflict"/>: 409, 412, 422 and 428 to PUT,
    /// PATCH, DELETE and POST; 400 to a write that carried a version, was create-only or carried an Idempotency-Key.
    /// </value>
    [Required]
    public Func<ConflictPredicateArguments, ValueTask<bool>> ShouldHandle { get; set; } = ConflictResolutionConstants.DefaultShouldHandle;

    /// <summary>Gets the classification rules of the application, checked in order before the defaults (see <see cref="ConflictKind"/>).</summary>
    /// <value>The default value is empty.</value>
    public IList<ConflictRule> ConflictRules { get; } = [];

    /// <summary>Gets or sets a callback run each time a write meets a conflict, before the wait.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Func<OnConflictArguments, ValueTask>? OnConflict { get; set; }

    /// <summary>
    /// Gets or sets what a request changes of these options (its version source, duplicate policy, where its current
    /// state is read), for example per route. Return <see langword="null"/> to keep the client's.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Func<ConflictRequestArguments, ConflictRequestSettings?>? ForRequest { get; set; }

    /// <summary>
    /// Gets or sets the shared order the writers of a contended resource take turns in, across processes (for example
    /// <c>AddRedisConflictTurns</c> of <c>ConflictClient.Redis</c>). Advisory: the server's version check still decides.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: writers are independent and the backoff spreads them.</value>
    public ConflictTurns? Turns { get; set; }

    /// <summary>Gets or sets the jitter source, for deterministic tests.</summary>
    internal Func<double> Randomizer { get; set; } = Random.Shared.NextDouble;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Versions?.Source?.Validate() is { } versionError)
        {
            yield return new ValidationResult($"The Versions.Source field is invalid: {versionError}", [$"{nameof(Versions)}.{nameof(ConflictVersionOptions.Source)}"]);
        }

        foreach (var path in Versions?.ServerManagedPaths ?? [])
        {
            if (!Json.JsonPointer.TryParseMember(path, out _, out var pathError))
            {
                yield return new ValidationResult(
                    $"The Versions.ServerManagedPaths field holds '{path}', which is not a JSON Pointer to a field: {pathError}.",
                    [$"{nameof(Versions)}.{nameof(ConflictVersionOptions.ServerManagedPaths)}"]);
            }
        }

        if (Retry is { } retry && retry.BaseDelay > retry.MaxDelay)
        {
            yield return new ValidationResult(
                $"The Retry.BaseDelay field ({retry.BaseDelay}) must not be greater than the Retry.MaxDelay field ({retry.MaxDelay}).",
                [$"{nameof(Retry)}.{nameof(ConflictRetryOptions.BaseDelay)}", $"{nameof(Retry)}.{nameof(ConflictRetryOptions.MaxDelay)}"]);
        }
    }
}
