using System.Net;
using ConflictClient.Http;
using ConflictClient.Versioning;

namespace ConflictClient.Tests.Http;

public sealed class RepresentationCacheTests
{
    private static readonly Uri Resource = new("http://api.test/docs/1");

    [Fact]
    public void Remember_OverCapacity_EvictsLeastRecentlyUsedFirst()
    {
        var probe = new RepresentationCache(capacityBytes: 10_000);
        probe.Remember(Resource, VersionToken.FromEntityTag("\"1\""), Body(10));
        var entry = probe.Size;
        var cache = new RepresentationCache(capacityBytes: 3 * entry);
        cache.Remember(Resource, VersionToken.FromEntityTag("\"1\""), Body(10));
        cache.Remember(Resource, VersionToken.FromEntityTag("\"2\""), Body(10));
        Assert.NotNull(cache.Find(Resource, VersionToken.FromEntityTag("\"1\"")));

        cache.Remember(Resource, VersionToken.FromEntityTag("\"3\""), Body(10));
        cache.Remember(Resource, VersionToken.FromEntityTag("\"4\""), Body(10));

        Assert.NotNull(cache.Find(Resource, VersionToken.FromEntityTag("\"1\"")));
        Assert.Null(cache.Find(Resource, VersionToken.FromEntityTag("\"2\"")));
        Assert.Equal(3, cache.Count);
        Assert.Equal(3 * entry, cache.Size);
    }

    [Fact]
    public void Find_OtherVersionOrUri_FindsNothing()
    {
        var cache = new RepresentationCache(capacityBytes: 1000);
        cache.Remember(Resource, VersionToken.FromNumber(7), Body(5));

        Assert.Null(cache.Find(Resource, VersionToken.FromString("7")));
        Assert.Null(cache.Find(new Uri("http://api.test/docs/2"), VersionToken.FromNumber(7)));
        Assert.NotNull(cache.Find(Resource, VersionToken.FromNumber(7)));
    }

    [Fact]
    public void Remember_LargerThanCapacity_IsNotKept()
    {
        var cache = new RepresentationCache(capacityBytes: 4);

        cache.Remember(Resource, VersionToken.FromNumber(1), Body(5));

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Remember_ManySmallEntries_CountsWhatEachCostsNotOnlyItsBody()
    {
        var cache = new RepresentationCache(capacityBytes: 64 * 1024);

        for (var i = 0; i < 10_000; i++)
        {
            cache.Remember(new Uri($"http://api.test/docs/{i}"), VersionToken.FromNumber(1), Body(10));
        }

        // Counting bodies alone would keep all 10,000 (100 KB of bodies, several MB of objects) in a 64 KB budget.
        Assert.True(cache.Size <= 64 * 1024);
        Assert.True(cache.Count * (10 + RepresentationCache.EntryOverhead) <= 64 * 1024, $"{cache.Count} entries");
    }

    private static Representation Body(int bytes) => new(HttpStatusCode.OK, new byte[bytes], null, null);
}
