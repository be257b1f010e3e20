using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Versioning;

namespace ConflictClient.Tests.Merging;

public sealed class RepresentationCacheTests
{
    private static readonly Uri Resource = new("http://api.test/docs/1");

    [Fact]
    public void Remember_OverCapacity_EvictsLeastRecentlyUsedFirst()
    {
        var probe = new RepresentationCache(capacityBytes: 100_000);
        for (var i = 0; i < 4; i++)
        {
            probe.Remember(Doc(i), VersionToken.FromEntityTag("\"1\""), Body(10));
        }

        var cache = new RepresentationCache(capacityBytes: probe.Size);
        for (var i = 0; i < 4; i++)
        {
            cache.Remember(Doc(i), VersionToken.FromEntityTag("\"1\""), Body(10));
        }

        Assert.NotNull(cache.Find(Doc(0), VersionToken.FromEntityTag("\"1\"")));
        cache.Remember(Doc(4), VersionToken.FromEntityTag("\"1\""), Body(10));

        Assert.NotNull(cache.Find(Doc(0), VersionToken.FromEntityTag("\"1\"")));
        Assert.Null(cache.Find(Doc(1), VersionToken.FromEntityTag("\"1\"")));
        Assert.Equal(4, cache.Count);
        Assert.True(cache.Size <= probe.Size);
    }

    [Fact]
    public void Remember_NewVersion_TheSupersededOneGoesBeforeAnyCurrentOne()
    {
        var probe = new RepresentationCache(capacityBytes: 100_000);
        for (var i = 0; i < 4; i++)
        {
            probe.Remember(Doc(i), VersionToken.FromEntityTag("\"1\""), Body(10));
        }

        var cache = new RepresentationCache(capacityBytes: probe.Size);
        cache.Remember(Doc(0), VersionToken.FromEntityTag("\"1\""), Body(10));
        cache.Remember(Doc(0), VersionToken.FromEntityTag("\"2\""), Body(10));
        Assert.NotNull(cache.Find(Doc(0), VersionToken.FromEntityTag("\"1\"")));   // superseded, and recently used
        cache.Remember(Doc(1), VersionToken.FromEntityTag("\"1\""), Body(10));
        cache.Remember(Doc(2), VersionToken.FromEntityTag("\"1\""), Body(10));
        cache.Remember(Doc(3), VersionToken.FromEntityTag("\"1\""), Body(10));

        Assert.Null(cache.Find(Doc(0), VersionToken.FromEntityTag("\"1\"")));
        Assert.NotNull(cache.Find(Doc(0), VersionToken.FromEntityTag("\"2\"")));
        Assert.NotNull(cache.Find(Doc(3), VersionToken.FromEntityTag("\"1\"")));
        Assert.Equal(4, cache.Count);
    }

    [Fact]
    public void Remember_SameVersionAgain_ReplacesIt()
    {
        var cache = new RepresentationCache(capacityBytes: 10_000);
        cache.Remember(Resource, VersionToken.FromNumber(7), "{\"a\":1}"u8);
        var size = cache.Size;

        cache.Remember(Resource, VersionToken.FromNumber(7), "{\"a\":2}"u8);

        Assert.Equal(1, cache.Count);
        Assert.Equal(size, cache.Size);
        Assert.Equal("{\"a\":2}"u8.ToArray(), cache.Find(Resource, VersionToken.FromNumber(7)));
    }

    [Fact]
    public void Find_OtherVersionOrUri_FindsNothing()
    {
        var cache = new RepresentationCache(capacityBytes: 1000);
        cache.Remember(Resource, VersionToken.FromNumber(7), Body(5));

        Assert.Null(cache.Find(Resource, VersionToken.FromString("7")));
        Assert.Null(cache.Find(Resource, VersionToken.FromNumber(70)));
        Assert.Null(cache.Find(new Uri("http://api.test/docs/10"), VersionToken.FromNumber(7)));
        Assert.Null(cache.Find(Resource, default));
        Assert.Equal(Body(5), cache.Find(Resource, VersionToken.FromNumber(7)));
    }

    [Fact]
    public void Find_VersionThatIsNotValidUnicode_IsNeitherKeptNorFound()
    {
        var cache = new RepresentationCache(capacityBytes: 1000);

        cache.Remember(Resource, VersionToken.FromString("\ud800"), Body(5));

        Assert.Equal(0, cache.Count);
        Assert.Null(cache.Find(Resource, VersionToken.FromString("\ud801")));
    }

    [Fact]
    public void Remember_LargerThanCapacity_IsNotKept()
    {
        var cache = new RepresentationCache(capacityBytes: 200);

        cache.Remember(Resource, VersionToken.FromNumber(1), Body(500));

        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Size);
    }

    [Fact]
    public void Remember_ManySmallEntries_StaysWithinTheBudgetCountingWhatEachCosts()
    {
        var cache = new RepresentationCache(capacityBytes: 64 * 1024);

        for (var i = 0; i < 10_000; i++)
        {
            cache.Remember(Doc(i), VersionToken.FromNumber(1), Body(10));
            Assert.True(cache.Size <= 64 * 1024, $"{cache.Size} bytes after {i + 1}");
        }

        // Counting bodies alone would keep all 10,000 (100 KB of bodies) in a 64 KB budget.
        Assert.InRange(cache.Count, 500, 2_000);
    }

    /// <summary>
    /// Issue "Fail closed", class 5: writes cycling over 10,000 resources of ~200 bytes, each write needing the base of
    /// the version the previous cycle wrote, on the default budget: no base is ever missing.
    /// </summary>
    [Fact]
    public void Find_TenThousandResourcesCycledOnTheDefaultBudget_NeverMissesTheBaseAWriteNeeds()
    {
        var cache = new RepresentationCache(ConflictResolutionConstants.DefaultBaseCacheSize);
        var body = new byte[200];
        for (var i = 0; i < 10_000; i++)
        {
            cache.Remember(Doc(i), Version(i, 0), body);
        }

        var missing = 0;
        for (var cycle = 1; cycle <= 10; cycle++)
        {
            for (var i = 0; i < 10_000; i++)
            {
                missing += cache.Find(Doc(i), Version(i, cycle - 1)) is null ? 1 : 0;
                cache.Remember(Doc(i), Version(i, cycle), body);
            }
        }

        Assert.Equal(0, missing);
        Assert.True(cache.Size <= ConflictResolutionConstants.DefaultBaseCacheSize, $"{cache.Size} bytes");
    }

    private static VersionToken Version(int resource, int cycle) => VersionToken.FromEntityTag($"W/\"{resource}-{cycle}\"");

    private static Uri Doc(int i) => new($"http://api.test/docs/{i}");

    private static byte[] Body(int bytes) => new byte[bytes];
}
