using System.Text;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Outbox;
using ConflictClient.Outbox.Sqlite;
using Microsoft.Data.Sqlite;

namespace ConflictClient.Tests.Outbox;

/// <summary>Queued writes against a real Kestrel server, through a client with conflict resolution.</summary>
public sealed class ConflictOutboxTests
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Fact]
    public async Task DrainAsync_QueuedWhileOffline_StaysQueuedThenIsAppliedOnceWhenBack()
    {
        await using var harness = await OutboxHarness.StartAsync();
        harness.Server.Seed("/todos/1", new JsonObject { ["title"] = "original", ["done"] = false });
        harness.Offline = true;
        var entry = await harness.Outbox.EnqueueAsync(harness.Put("/todos/1", new JsonObject { ["title"] = "mine", ["done"] = false }, new JsonObject { ["title"] = "original", ["done"] = false }, 1, "op-1"), Timeout);

        var offline = await harness.Outbox.DrainAsync(Timeout);
        Assert.True(offline.Offline);
        Assert.Equal(0, harness.Server.AppliedCount("op-1"));
        Assert.Equal(1, await harness.Outbox.GetWaitingCountAsync(Timeout));
        Assert.Equal(OutboxEntryState.Queued, (await harness.Outbox.GetEntryAsync(entry.Id, Timeout))!.State);

        harness.Offline = false;
        var back = await harness.Outbox.DrainAsync(Timeout);

        Assert.Equal(new OutboxDrainResult(Applied: 1, NotApplied: 0, OutcomeUnknown: 0, Parked: 0, Offline: false), back);
        Assert.Equal(1, harness.Server.AppliedCount("op-1"));
        Assert.Equal("mine", harness.Server.Current("/todos/1").Body["title"]!.GetValue<string>());
        var ended = await harness.Outbox.GetEntryAsync(entry.Id, Timeout);
        Assert.Equal((OutboxEntryState.Ended, OutboxOutcomeKind.Applied, ConflictOutcome.Written), (ended!.State, ended.Outcome, ended.WriteOutcome));
        Assert.Equal(0, await harness.Outbox.GetWaitingCountAsync(Timeout));
    }

    [Fact]
    public async Task DrainAsync_OtherWriterChangedAnotherField_MergesThreeWayAndKeepsBoth()
    {
        await using var harness = await OutboxHarness.StartAsync();
        var original = new JsonObject { ["title"] = "original", ["done"] = false };
        harness.Server.Seed("/todos/1", original);
        await harness.Outbox.EnqueueAsync(harness.Put("/todos/1", new JsonObject { ["title"] = "mine", ["done"] = false }, original, 1, "op-1"), Timeout);
        harness.Server.WriteDirectly("/todos/1", doc => doc["done"] = true);

        var result = await harness.Outbox.DrainAsync(Timeout);

        Assert.Equal(1, result.Applied);
        var current = harness.Server.Current("/todos/1").Body;
        Assert.Equal(("mine", true), (current["title"]!.GetValue<string>(), current["done"]!.GetValue<bool>()));
        Assert.Equal(1, harness.Server.AppliedCount("op-1"));
    }

    [Fact]
    public async Task DrainAsync_SameFieldChangedByBoth_ParksWithTheReportAndTheRestGoesOn()
    {
        await using var harness = await OutboxHarness.StartAsync();
        var original = new JsonObject { ["title"] = "original" };
        harness.Server.Seed("/todos/1", original);
        harness.Server.Seed("/todos/2", new JsonObject { ["title"] = "two" });
        var first = await harness.Outbox.EnqueueAsync(harness.Put("/todos/1", new JsonObject { ["title"] = "mine" }, original, 1, "op-1"), Timeout);
        await harness.Outbox.EnqueueAsync(harness.Put("/todos/1", new JsonObject { ["title"] = "mine", ["note"] = "later" }, new JsonObject { ["title"] = "mine" }, 1, "op-2"), Timeout);
        await harness.Outbox.EnqueueAsync(harness.Put("/todos/2", new JsonObject { ["title"] = "two, mine" }, new JsonObject { ["title"] = "two" }, 1, "op-3"), Timeout);
        harness.Server.WriteDirectly("/todos/1", doc => doc["title"] = "theirs");

        var result = await harness.Outbox.DrainAsync(Timeout);

        Assert.Equal((1, 2), (result.Parked, result.Applied));
        Assert.Equal((0, 1, 1), (harness.Server.AppliedCount("op-1"), harness.Server.AppliedCount("op-2"), harness.Server.AppliedCount("op-3")));
        var merged = harness.Server.Current("/todos/1").Body;
        Assert.Equal(("theirs", "later"), (merged["title"]!.GetValue<string>(), merged["note"]!.GetValue<string>()));
        var parked = Assert.Single(await harness.Outbox.GetParkedAsync(Timeout));
        Assert.Equal((first.Id, ConflictFailureReason.MergeUnresolved), (parked.Entry.Id, parked.Entry.Reason));
        var field = Assert.Single(parked.Report!.Conflicts);
        Assert.Equal(("\"original\"", "\"mine\"", "\"theirs\""), (field.Was, field.Mine, field.Theirs));
        Assert.Equal(1, await harness.Outbox.GetWaitingCountAsync(Timeout));
    }

    [Fact]
    public async Task ResolveAsync_ResendMadeFromTheirs_IsMergedOntoWhatTheServerHasNow()
    {
        await using var harness = await OutboxHarness.StartAsync();
        var original = new JsonObject { ["title"] = "original", ["note"] = "" };
        harness.Server.Seed("/todos/1", original);
        var first = await harness.Outbox.EnqueueAsync(harness.Put("/todos/1", new JsonObject { ["title"] = "mine", ["note"] = "" }, original, 1, "op-1"), Timeout);
        await harness.Outbox.EnqueueAsync(harness.Put("/todos/1", new JsonObject { ["title"] = "mine", ["note"] = "later" }, new JsonObject { ["title"] = "mine", ["note"] = "" }, 1, "op-2"), Timeout);
        harness.Server.WriteDirectly("/todos/1", doc => doc["title"] = "theirs");
        await harness.Outbox.DrainAsync(Timeout);

        await harness.Outbox.ResolveAsync(first.Id, OutboxResolution.Resend(new JsonObject { ["title"] = "mine and theirs", ["note"] = "" }), Timeout);
        var result = await harness.Outbox.DrainAsync(Timeout);

        Assert.Equal(1, result.Applied);
        var current = harness.Server.Current("/todos/1").Body;
        Assert.Equal(("mine and theirs", "later"), (current["title"]!.GetValue<string>(), current["note"]!.GetValue<string>()));
        Assert.Equal((1, 1), (harness.Server.AppliedCount("op-1"), harness.Server.AppliedCount("op-2")));
    }

    [Fact]
    public async Task ResolveAsync_Discard_EndsNotAppliedAndTellsTheReader()
    {
        await using var harness = await OutboxHarness.StartAsync();
        var original = new JsonObject { ["title"] = "original" };
        harness.Server.Seed("/todos/1", original);
        var first = await harness.Outbox.EnqueueAsync(harness.Put("/todos/1", new JsonObject { ["title"] = "mine" }, original, 1, "op-1"), Timeout);
        harness.Server.WriteDirectly("/todos/1", doc => doc["title"] = "theirs");
        await harness.Outbox.DrainAsync(Timeout);
        await using var outcomes = harness.Outbox.ReadOutcomesAsync(Timeout).GetAsyncEnumerator();

        await harness.Outbox.ResolveAsync(first.Id, OutboxResolution.Discard(), Timeout);

        Assert.True(await outcomes.MoveNextAsync());
        Assert.Equal((first.Id, OutboxOutcomeKind.Parked), (outcomes.Current.Entry.Id, outcomes.Current.Kind));
        Assert.True(await outcomes.MoveNextAsync());
        Assert.Equal((first.Id, OutboxOutcomeKind.NotApplied), (outcomes.Current.Entry.Id, outcomes.Current.Kind));
        Assert.Equal("theirs", harness.Server.Current("/todos/1").Body["title"]!.GetValue<string>());
        Assert.Equal(0, await harness.Outbox.GetWaitingCountAsync(Timeout));
        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Outbox.ResolveAsync(first.Id, OutboxResolution.Discard(), Timeout));
    }

    [Fact]
    public async Task EnqueueAsync_CredentialsInTheRequest_AreNotStoredAndTheClientsHandlerAddsThem()
    {
        await using var harness = await OutboxHarness.StartAsync();
        harness.Server.Seed("/todos/1", new JsonObject { ["title"] = "original" });
        var request = harness.Put("/todos/1", new JsonObject { ["title"] = "mine" }, null, 1, "op-1");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer enqueue-secret");
        request.Headers.TryAddWithoutValidation("Cookie", "session=enqueue-secret");
        request.Headers.TryAddWithoutValidation("X-Api-Key", "enqueue-secret");

        var entry = await harness.Outbox.EnqueueAsync(request, Timeout);
        await harness.Outbox.DrainAsync(Timeout);
        await harness.RestartAsync();

        Assert.DoesNotContain(entry.Headers, h => h.Value.Contains("enqueue-secret", StringComparison.Ordinal));
        SqliteConnection.ClearAllPools();
        var file = await File.ReadAllBytesAsync(harness.DatabasePath, Timeout);
        Assert.Equal(-1, file.AsSpan().IndexOf("enqueue-secret"u8));
        Assert.Equal(["Bearer secret-token"], harness.AuthorizationSent);
        Assert.Equal(1, harness.Server.AppliedCount("op-1"));
    }

    [Fact]
    public async Task EnqueueAsync_OutboxFull_ThrowsTypedAndStoresNothing()
    {
        await using var harness = await OutboxHarness.StartAsync(outbox: o => o.MaxEntries = 2);
        harness.Server.Seed("/todos/1", new JsonObject { ["title"] = "original" });
        await harness.Outbox.EnqueueAsync(harness.Put("/todos/1", new JsonObject { ["title"] = "a" }, null, 1), Timeout);
        await harness.Outbox.EnqueueAsync(harness.Put("/todos/1", new JsonObject { ["title"] = "b" }, null, 1), Timeout);

        var full = await Assert.ThrowsAsync<ConflictOutboxFullException>(() => harness.Outbox.EnqueueAsync(harness.Put("/todos/1", new JsonObject { ["title"] = "c" }, null, 1), Timeout));

        Assert.Equal(2, full.MaxEntries);
        Assert.Contains("MaxEntries", full.Message, StringComparison.Ordinal);
        Assert.Equal(2, await harness.Outbox.GetWaitingCountAsync(Timeout));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    public async Task EnqueueAsync_NotAWrite_IsRefusedWithWhatToDo(string method)
    {
        await using var harness = await OutboxHarness.StartAsync();

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => harness.Outbox.EnqueueAsync(new HttpRequestMessage(new HttpMethod(method), "/todos/1"), Timeout));

        Assert.Contains("Only writes can be queued", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await harness.Outbox.GetWaitingCountAsync(Timeout));
    }

    [Fact]
    public async Task EnqueueAsync_BaseThatIsNotJson_IsRefused()
    {
        await using var harness = await OutboxHarness.StartAsync();
        var request = harness.Put("/todos/1", new JsonObject { ["title"] = "mine" }, null, 1);
        request.SetConflictBase("{not json");

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => harness.Outbox.EnqueueAsync(request, Timeout));

        Assert.Contains("base is not valid JSON", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateEnqueueClient_TypedWrite_IsAnswered202WithWhatIWroteAndSentLater()
    {
        await using var harness = await OutboxHarness.StartAsync();
        harness.Server.Seed("/todos/1", new JsonObject { ["title"] = "original" });
        using var client = harness.Outbox.CreateEnqueueClient();
        using var request = harness.Put("/todos/1", new JsonObject { ["title"] = "mine" }, null, 1, "op-1");
        request.RequestUri = new Uri("/todos/1", UriKind.Relative);

        using var answer = await client.SendAsync(request, Timeout);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, answer.StatusCode);
        Assert.Equal("{\"title\":\"mine\"}", await answer.Content.ReadAsStringAsync(Timeout));
        Assert.Equal("application/json; charset=utf-8", answer.Content.Headers.ContentType!.ToString());
        Assert.True(answer.Headers.TryGetValues("Outbox-Entry-Id", out var ids));
        Assert.Equal(0, harness.Server.AppliedCount("op-1"));
        await harness.Outbox.DrainAsync(Timeout);
        Assert.Equal(1, harness.Server.AppliedCount("op-1"));
        Assert.Equal(OutboxOutcomeKind.Applied, (await harness.Outbox.GetEntryAsync(long.Parse(ids.Single(), System.Globalization.CultureInfo.InvariantCulture), Timeout))!.Outcome);
    }

    [Fact]
    public async Task Store_HostileHeaderValues_RoundTripExactly()
    {
        var folder = Directory.CreateTempSubdirectory("conflict-outbox-").FullName;
        await using var store = new SqliteOutboxStore(Path.Combine(folder, "o.db"));
        var hostile = "a\u0001b\"c\\d\ud800e\n";
        var entry = new OutboxEntry { Resource = "http://x/r", Method = "PUT", RequestUri = new Uri("http://x/r"), Headers = [KeyValuePair.Create("X-Odd", hostile)], Body = Encoding.UTF8.GetBytes("{}") };

        var stored = await store.AddAsync(entry, 10, Timeout);
        var read = await store.GetAsync(stored.Id, Timeout);

        Assert.Equal("X-Odd", read!.Headers.Single().Key);
        Assert.Equal(hostile.Replace("\ud800", "\ufffd", StringComparison.Ordinal), read.Headers.Single().Value);
        Assert.Equal("ok", await store.CheckIntegrityAsync(Timeout));
    }
}
