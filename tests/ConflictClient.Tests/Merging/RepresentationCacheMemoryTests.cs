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

        // The median of five: background work left by other tests (timers, servers, connections) can allocate or free
        // between the two heap readings of one measurement, and did, once in several runs.
        var measurements = Enumerable.Range(0, 5).Select(_ => Measure(uris, body)).ToList();
        var (held, count, size) = measurements.OrderBy(m => m.Held).ElementAt(2);

        Assert.Equal(10_000, count);
        Assert.True(size <= ConflictResolutionConstants.DefaultBaseCacheSize, $"counted {size} bytes");
        Assert.InRange(held, size * 0.9, size * 1.1);
    }

    /// <summary>
    /// The heap with the cache, less the heap right after it is dropped: two measurements a moment apart, so what other
    /// parts of the process free or allocate meanwhile hardly moves the difference.
    /// </summary>
    private static (long Held, int Count, long Size) Measure(Uri[] uris, byte[] body)
    {
        var (with, count, size) = FillAndMeasure(uris, body);
        var without = GC.GetTotalMemory(forceFullCollection: true); // the cache is unreachable once FillAndMeasure returned
        return (with - without, count, size);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (long With, int Count, long Size) FillAndMeasure(Uri[] uris, byte[] body)
    {
        var cache = new RepresentationCache(ConflictResolutionConstants.DefaultBaseCacheSize);
        for (var i = 0; i < uris.Length; i++)
        {
            cache.Remember(uris[i], VersionToken.FromEntityTag($"\"{i}\""), body);
        }

        var with = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(cache);
        return (with, cache.Count, cache.Size);
    }
}
