using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Conflicts;

/// <summary>Writes of a client whose options give turns (<see cref="ConflictResolutionStrategyOptions.Turns"/>).</summary>
public sealed class ConflictTurnsTests
{
    [Fact]
    public async Task UpdateAsync_NoConflict_NeverAsksForATurn()
    {
        using var server = new VersionedResourceServer();
        server.Seed("/todos/1", new JsonObject { ["title"] = "original" });
        var turns = new InMemoryConflictTurns();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => (o.MergeStrategy, o.Turns) = (MergeStrategy.ClientWins, turns));
        var api = provider.GetRequiredService<ITodoApi>();

        var etag = "\"v1\"";
        for (var i = 0; i < 3; i++)
        {
            var result = new ConflictWriteResult();
            await api.UpdateAsync(1, new Todo { Title = $"mine {i}" }, etag, result: result);
            etag = result.EntityTag ?? $"\"v{i + 2}\"";
        }

        Assert.Equal(0, turns.Taken);
        Assert.All(server.Log.Lines(), line => Assert.EndsWith("-> 200", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpdateAsync_FirstConflict_TakesATurnAndRetriesWithoutBackoff()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        var turns = new InMemoryConflictTurns();
        var time = new ObservableTimeProvider();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => (o.MergeStrategy, o.Turns) = (MergeStrategy.ClientWins, turns), time);

        var written = await provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\"");

        Assert.Equal("mine", written.Title);
        Assert.Equal(1, turns.Taken);
        Assert.Empty(time.CreatedTimers); // holding the turn: nobody who takes turns writes meanwhile, so no wait
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 412", "GET /todos/1 -> 200", "PUT /todos/1 If-Match:\"v2\" -> 200"], server.Log.Lines());
    }

    [Fact]
    public async Task UpdateAsync_ContendedResourceAndAStaleVersion_TakesATurnAndMergesBeforeSendingAnything()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        var turns = new InMemoryConflictTurns();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => (o.MergeStrategy, o.Turns) = (MergeStrategy.ClientWins, turns));
        var api = provider.GetRequiredService<ITodoApi>();
        await api.UpdateAsync(1, new Todo { Title = "first" }, "\"v1\""); // meets a conflict: the resource is contended
        server.WriteDirectly("/todos/1", doc => doc["title"] = "another writer's");
        var before = server.Log.Count;

        var result = new ConflictWriteResult();
        var written = await api.UpdateAsync(1, new Todo { Title = "second" }, "\"v2\"", result: result); // older than the turn's v3

        Assert.Equal("second", written.Title);
        Assert.Equal(2, turns.Taken);
        Assert.Equal(["GET /todos/1 -> 200", "PUT /todos/1 If-Match:\"v4\" -> 200"], server.Log.Lines().Skip(before));
        Assert.Equal(1, result.Attempts); // one send
    }

    [Fact]
    public async Task UpdateAsync_TheTurnSaysTheVersionIsCurrent_SendsWithoutReading()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        var turns = new InMemoryConflictTurns();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => (o.MergeStrategy, o.Turns) = (MergeStrategy.ClientWins, turns));
        var api = provider.GetRequiredService<ITodoApi>();
        await api.UpdateAsync(1, new Todo { Title = "first" }, "\"v1\""); // ends at v3, and the turn was given back with it
        var before = server.Log.Count;

        await api.UpdateAsync(1, new Todo { Title = "second" }, "\"v3\"");

        Assert.Equal(["PUT /todos/1 If-Match:\"v3\" -> 200"], server.Log.Lines().Skip(before));
        Assert.Equal(2, turns.Taken);
    }

    [Fact]
    public async Task UpdateAsync_NoTurnToBeHad_WritesIndependentlyWithBackoff()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        var turns = new InMemoryConflictTurns { Unavailable = true };
        var time = new ObservableTimeProvider();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => (o.MergeStrategy, o.Turns) = (MergeStrategy.ClientWins, turns), time);
        var timer = time.NextTimerAsync();

        var update = provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\"");
        time.Advance(await timer);

        Assert.Equal("mine", (await update).Title);
        Assert.Equal(0, turns.Taken);
        Assert.Equal(["PUT /todos/1 If-Match:\"v1\" -> 412", "GET /todos/1 -> 200", "PUT /todos/1 If-Match:\"v2\" -> 200"], server.Log.Lines());
    }

    [Fact]
    public async Task UpdateAsync_UnversionedWriteToAContendedResource_IsSentAsItIsWithoutATurnOrARead()
    {
        using var server = VersionedResourceServer.WithStaleTodo(new VersionedResourceSimulatorOptions { RequirePrecondition = false });
        var turns = new InMemoryConflictTurns();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => (o.MergeStrategy, o.Turns) = (MergeStrategy.Fail, turns));
        var api = provider.GetRequiredService<ITodoApi>();
        await Assert.ThrowsAsync<ConflictException>(() => api.UpdateAsync(1, new Todo { Title = "first" }, "\"v1\"")); // contended now
        var before = (server.Log.Count, turns.Taken);

        var written = await api.UpdateAsync(1, new Todo { Title = "unconditional" }, ifMatch: null);

        // No version, nothing for the server to check, nothing to order: never merged (here: never failed) on a guess.
        Assert.Equal("unconditional", written.Title);
        Assert.Equal(["PUT /todos/1 -> 200"], server.Log.Lines().Skip(before.Count));
        Assert.Equal(before.Taken, turns.Taken);
    }

    [Fact]
    public async Task UpdateAsync_TurnProviderThrowsWhenGivenBack_TheAppliedWriteStillSucceeds()
    {
        using var server = VersionedResourceServer.WithStaleTodo();
        var turns = new ThrowingOnRelease();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => (o.MergeStrategy, o.Turns) = (MergeStrategy.ClientWins, turns));

        var written = await provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\"");

        Assert.Equal("mine", written.Title);
        Assert.Equal(1, turns.Released);
        Assert.Equal("mine", server.Current("/todos/1")["title"]!.GetValue<string>());
    }

    private sealed class ThrowingOnRelease : ConflictTurns
    {
        public int Released { get; private set; }

        public override ValueTask<ConflictTurn?> TakeTurnAsync(ConflictTurnArguments arguments) => ValueTask.FromResult<ConflictTurn?>(new Turn(this));

        private sealed class Turn(ThrowingOnRelease owner) : ConflictTurn
        {
            public override string? PreviousVersion => null;

            public override ValueTask ReleaseAsync(string? writtenVersion)
            {
                owner.Released++;
                throw new InvalidOperationException("the store broke");
            }
        }
    }
}
