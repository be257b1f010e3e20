using ConflictClient.Merging;

namespace ConflictClient.Conflicts;

/// <summary>
/// What a client's writes share, read-only: its options, clock, remembered bases, group-commit
/// queues and observer. The strategy owns one; every write gets it, and nothing in it calls back into the strategy.
/// </summary>
internal sealed class WriteServices(ConflictResolutionStrategyOptions options, TimeProvider timeProvider, WriteObserver observer)
{
    public ConflictResolutionStrategyOptions Options => options;

    public TimeProvider TimeProvider => timeProvider;

    public WriteObserver Observer => observer;

    /// <summary>Gets the remembered bases; null when the merge strategy uses none or remembering is off.</summary>
    public BaseMemory? Bases { get; } = options.MergeStrategy!.UsesBase && options.Bases.CacheSize > 0
        ? new BaseMemory(new RepresentationCache(options.Bases.CacheSize), options.MaxBodySize)
        : null;

    /// <summary>Gets the resources this client saw contended, whose writes take a turn first (with turns configured).</summary>
    public HotResources Hot { get; } = new(timeProvider);

    /// <summary>Gets this client's group-commit queues, per resource.</summary>
    public GroupCommitQueues GroupCommits { get; } = new();
}
