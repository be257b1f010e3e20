using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Merging;

/// <summary>
/// A DELETE under a three-way merge keeps nobody's work, so after a conflict it is re-sent only when the server's state
/// is still the one it was based on (issue "Fail closed": deleting what another writer just changed is an overwrite).
/// </summary>
public sealed class ThreeWayDeleteTests
{
    [Fact]
    public async Task Delete_AnotherWriterChangedTheResource_FailsAndTheirChangeStays()
    {
        await using var server = await KestrelResourceServer.StartAsync();
        server.Seed("/counters/1", new JsonObject { ["count"] = 1 });
        await using var provider = Client(server);
        var api = provider.GetRequiredService<IDeletableCounterApi>();
        using (await api.GetAsync(1))
        {
        }

        server.WriteDirectly("/counters/1", doc => doc["count"] = 2);
        var error = await Assert.ThrowsAsync<ConflictException>(() => api.DeleteAsync(1, server.ETag(1)));

        Assert.Equal(ConflictFailureReason.MergeUnresolved, error.Reason);
        Assert.Equal(string.Empty, Assert.Single(error.MergeConflicts).Path);
        Assert.Equal(2, server.Current("/counters/1").Body["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Delete_AnotherWriterOnlyBumpedTheVersion_IsReSentAndDeletes()
    {
        await using var server = await KestrelResourceServer.StartAsync();
        server.Seed("/counters/1", new JsonObject { ["count"] = 1 });
        await using var provider = Client(server);
        var api = provider.GetRequiredService<IDeletableCounterApi>();
        using (await api.GetAsync(1))
        {
        }

        server.WriteDirectly("/counters/1", _ => { });
        await api.DeleteAsync(1, server.ETag(1));

        Assert.False(server.Exists("/counters/1"));
    }

    [Fact]
    public async Task Delete_NoBaseKnown_FailsRatherThanDeletingBlind()
    {
        await using var server = await KestrelResourceServer.StartAsync();
        server.Seed("/counters/1", new JsonObject { ["count"] = 1 });
        server.WriteDirectly("/counters/1", _ => { });
        await using var provider = Client(server);

        var error = await Assert.ThrowsAsync<ConflictException>(() => provider.GetRequiredService<IDeletableCounterApi>().DeleteAsync(1, server.ETag(1)));

        Assert.Equal(ConflictFailureReason.MergeUnresolved, error.Reason);
        Assert.Contains("no base was known", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Current("/counters/1").Version);
    }

    private static ServiceProvider Client(KestrelResourceServer server) =>
        TestClients.Create<IDeletableCounterApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ThreeWay());
}
