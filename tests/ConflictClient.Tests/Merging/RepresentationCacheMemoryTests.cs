using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Versioning;

namespace ConflictClient.Tests.Merging;

/// <summary>Runs alone: it measures the managed heap, which tests running alongside would disturb.</summary>
[CollectionDefinition(nameof(HeapMeasurement), DisableParallelization = true)]
public sealed class HeapMeasurement;

/// <summary>The base cache's byte accounting is honest: what it counts is what it holds on the heap.</summary>
[Collection(nameof(HeapMeasurement))]
public sealed class RepresentationCacheMemoryTests
{
    [Fact]
    public void Size_TenThousandSmallRepresentations_IsWhatTheCacheHoldsOnTheHeap()
    {
        var uris = Enumerable.Range(0, 10_000).Select(i => new Uri($"http://api.test/docs/{i}")).ToArray();
        _ = uris.Select(u => u.AbsoluteUri).Count();
        var body = new byte[200];
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var cache = new RepresentationCache(ConflictResolutionConstants.DefaultBaseCacheSize);
        for (var i = 0; i < uris.Length; i++)
        {
            cache.Remember(uris[i], VersionToken.FromEntityTag($"\"{i}\""), body);
        }

        var held = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(cache);

        Assert.Equal(10_000, cache.Count);
        Assert.True(cache.Size <= ConflictResolutionConstants.DefaultBaseCacheSize, $"counted {cache.Size} bytes");
        Assert.InRange(held, cache.Size * 0.9, cache.Size * 1.1);
    }
}
