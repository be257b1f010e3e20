using ConflictClient.Conflicts;

namespace ConflictClient.DependencyInjection;

/// <summary>
/// What a configuration section may set: the value options of <see cref="ConflictResolutionStrategyOptions"/> by
/// their names, plus a profile and a merge strategy by name. Bound by the configuration source generator (trim-safe);
/// only the keys present override the options.
/// </summary>
internal sealed class ConfiguredConflictOptions
{
    public string? Profile { get; set; }

    public string? MergeStrategy { get; set; }

    public string? Name { get; set; }

    public int? MaxAttempts { get; set; }

    public TimeSpan? MaxResolutionTime { get; set; }

    public TimeSpan? BaseDelay { get; set; }

    public bool? AdaptiveBackoff { get; set; }

    public bool? ListenBeforeRetry { get; set; }

    public TimeSpan? MaxDelay { get; set; }

    public bool? RespectRetryAfter { get; set; }

    public TimeSpan? MaxRetryAfter { get; set; }

    public int? MaxBodySize { get; set; }

    public int? BaseCacheSize { get; set; }

    public List<string>? ServerManagedPaths { get; set; }

    public bool? ConflictResponseCarriesCurrent { get; set; }

    public DuplicatePolicy? DuplicatePolicy { get; set; }

    public bool? CreateOnly { get; set; }

    public bool? GenerateIdempotencyKeys { get; set; }

    public bool? GroupCommit { get; set; }

    /// <summary>Sets every option the section named; the others keep their values.</summary>
    public void ApplyTo(ConflictResolutionStrategyOptions options)
    {
        options.Name = Name ?? options.Name;
        options.MaxAttempts = MaxAttempts ?? options.MaxAttempts;
        options.MaxResolutionTime = MaxResolutionTime ?? options.MaxResolutionTime;
        options.BaseDelay = BaseDelay ?? options.BaseDelay;
        options.AdaptiveBackoff = AdaptiveBackoff ?? options.AdaptiveBackoff;
        options.ListenBeforeRetry = ListenBeforeRetry ?? options.ListenBeforeRetry;
        options.MaxDelay = MaxDelay ?? options.MaxDelay;
        options.RespectRetryAfter = RespectRetryAfter ?? options.RespectRetryAfter;
        options.MaxRetryAfter = MaxRetryAfter ?? options.MaxRetryAfter;
        options.MaxBodySize = MaxBodySize ?? options.MaxBodySize;
        options.BaseCacheSize = BaseCacheSize ?? options.BaseCacheSize;
        options.ConflictResponseCarriesCurrent = ConflictResponseCarriesCurrent ?? options.ConflictResponseCarriesCurrent;
        options.DuplicatePolicy = DuplicatePolicy ?? options.DuplicatePolicy;
        options.CreateOnly = CreateOnly ?? options.CreateOnly;
        options.GenerateIdempotencyKeys = GenerateIdempotencyKeys ?? options.GenerateIdempotencyKeys;
        options.GroupCommit = GroupCommit ?? options.GroupCommit;
        foreach (var path in ServerManagedPaths ?? [])
        {
            options.ServerManagedPaths.Add(path);
        }
    }
}
