using System.ComponentModel.DataAnnotations;

namespace ConflictClient.Conflicts;

/// <summary>The bases of three-way merges: the representations this client read and wrote, remembered per URI and version.</summary>
public sealed class ConflictBaseOptions
{
    /// <summary>
    /// Gets or sets how many bytes of representations the client remembers as bases, counting what it really holds.
    /// Each URI's newest version is kept first; older versions only while there is room. Only merge strategies that use a
    /// base (a three-way merge) remember anything; 0 turns remembering off.
    /// </summary>
    /// <value>The default value is 4 MiB (4,194,304 bytes), least recently used first out.</value>
    [Range(0, int.MaxValue)]
    public int CacheSize { get; set; } = ConflictResolutionConstants.DefaultBaseCacheSize;
}
