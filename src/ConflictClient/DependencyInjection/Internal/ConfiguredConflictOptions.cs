using ConflictClient.Conflicts;

namespace ConflictClient.DependencyInjection;

/// <summary>
/// What a configuration section may set: the value options of <see cref="ConflictResolutionStrategyOptions"/> by
/// their names, in the same groups (<c>Retry</c>, <c>Versions</c>, <c>Creates</c>, <c>Bases</c>), plus a profile and a
/// merge strategy by name. Bound by the configuration source generator (trim-safe); only the keys present override.
/// </summary>
internal sealed class ConfiguredConflictOptions
{
    public string? Profile { get; set; }

    public string? MergeStrategy { get; set; }

    public string? Name { get; set; }

    public int? MaxBodySize { get; set; }

    public bool? GroupCommit { get; set; }

    public RetrySection? Retry { get; set; }

    public VersionsSection? Versions { get; set; }

    public CreatesSection? Creates { get; set; }

    public BasesSection? Bases { get; set; }

    /// <summary>Sets every option the section named; the others keep their values.</summary>
    public void ApplyTo(ConflictResolutionStrategyOptions options)
    {
        options.Name = Name ?? options.Name;
        options.MaxBodySize = MaxBodySize ?? options.MaxBodySize;
        options.GroupCommit = GroupCommit ?? options.GroupCommit;
        Retry?.ApplyTo(options.Retry);
        Versions?.ApplyTo(options.Versions);
        Creates?.ApplyTo(options.Creates);
        options.Bases.CacheSize = Bases?.CacheSize ?? options.Bases.CacheSize;
    }

    internal sealed class RetrySection
    {
        public int? MaxAttempts { get; set; }

        public TimeSpan? MaxResolutionTime { get; set; }

        public TimeSpan? BaseDelay { get; set; }

        public TimeSpan? MaxDelay { get; set; }

        public bool? RespectRetryAfter { get; set; }

        public TimeSpan? MaxRetryAfter { get; set; }

        public void ApplyTo(ConflictRetryOptions retry)
        {
            retry.MaxAttempts = MaxAttempts ?? retry.MaxAttempts;
            retry.MaxResolutionTime = MaxResolutionTime ?? retry.MaxResolutionTime;
            retry.BaseDelay = BaseDelay ?? retry.BaseDelay;
            retry.MaxDelay = MaxDelay ?? retry.MaxDelay;
            retry.RespectRetryAfter = RespectRetryAfter ?? retry.RespectRetryAfter;
            retry.MaxRetryAfter = MaxRetryAfter ?? retry.MaxRetryAfter;
        }
    }

    internal sealed class VersionsSection
    {
        public List<string>? ServerManagedPaths { get; set; }

        public bool? ConflictResponseCarriesCurrent { get; set; }

        public void ApplyTo(ConflictVersionOptions versions)
        {
            versions.ConflictResponseCarriesCurrent = ConflictResponseCarriesCurrent ?? versions.ConflictResponseCarriesCurrent;
            foreach (var path in ServerManagedPaths ?? [])
            {
                versions.ServerManagedPaths.Add(path);
            }
        }
    }

    internal sealed class CreatesSection
    {
        public DuplicatePolicy? DuplicatePolicy { get; set; }

        public bool? CreateOnly { get; set; }

        public bool? GenerateIdempotencyKeys { get; set; }

        public void ApplyTo(ConflictCreateOptions creates)
        {
            creates.DuplicatePolicy = DuplicatePolicy ?? creates.DuplicatePolicy;
            creates.CreateOnly = CreateOnly ?? creates.CreateOnly;
            creates.GenerateIdempotencyKeys = GenerateIdempotencyKeys ?? creates.GenerateIdempotencyKeys;
        }
    }

    internal sealed class BasesSection
    {
        public int? CacheSize { get; set; }
    }
}
