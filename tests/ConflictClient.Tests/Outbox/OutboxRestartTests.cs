using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Outbox;
using ConflictClient.Outbox.Sqlite;
using ConflictClient.Tests.Support;

namespace ConflictClient.Tests.Outbox;

/// <summary>
/// A write whose send may have left before the app stopped: resent only where the answer proves what happened
/// (an Idempotency-Key the server honours, or its precondition), otherwise told as of unknown outcome — never applied twice.
/// </summary>
public sealed class OutboxRestartTests
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Fact]
    public async Task DrainAsync_AppliedButAnswerLostThenRestart_ConditionalResendMeets412AndEndsOutcomeUnknown()
    {
        var faults = new Queue<ServerFault>([ServerFault.ApplyThenAbort]);
        await using var harness = await OutboxHarness.StartAsync(server: s => s.Faults = () => faults.TryDequeue(out var f) ? f : ServerFault.None);
        var original = new JsonObject { ["title"] = "original" };
        harness.Server.Seed("/todos/1", original);
        var entry = await harness.Outbox.EnqueueAsync(harness.Put("/todos/1", new JsonObject { ["title"] = "mine" }, original, 1, "op-1"), Timeout);

        var lost = await harness.Outbox.DrainAsync(Timeout);
        Assert.True(lost.Offline);
        Assert.True((await harness.Outbox.GetEntryAsync(entry.Id, Timeout))!.MayHaveLeft);
        await harness.RestartAsync();
        var after = await harness.Outbox.DrainAsync(Timeout);

        Assert.Equal(1, after.OutcomeUnknown);
        var ended = (await harness.Outbox.GetEntryAsync(entry.Id, Timeout))!;
        Assert.Equal((OutboxOutcomeKind.OutcomeUnknown, ConflictFailureReason.OutcomeUnknown), (ended.Outcome, ended.Reason));
        Assert.Contains("\"mine\"", System.Text.Encoding.UTF8.GetString(ended.Remote!.Value.Span), StringComparison.Ordinal);
        Assert.Equal(1, harness.Server.AppliedCount("op-1"));
    }

    [Fact]
    public async Task DrainAsync_AppliedButAnswerLostThenRestart_KeyedResendIsAnsweredAndEndsAppliedOnce()
    {
        var faults = new Queue<ServerFault>([ServerFault.ApplyThenAbort]);
        await using var harness = await OutboxHarness.StartAsync(
            outbox: o => o.GenerateIdempotencyKeys = true,
            server: s => (s.EnforceIdempotencyKeys, s.Faults) = (true, () => faults.TryDequeue(out var f) ? f : ServerFault.None));
        var original = new JsonObject { ["title"] = "original" };
        harness.Server.Seed("/todos/1", original);
        var entry = await harness.Outbox.EnqueueAsync(harness.Put("/todos/1", new JsonObject { ["title"] = "mine" }, original, 1, "op-1"), Timeout);
        Assert.NotNull(entry.IdempotencyKey);

        await harness.Outbox.DrainAsync(Timeout);
        await harness.RestartAsync();
        var after = await harness.Outbox.DrainAsync(Timeout);

        Assert.Equal(1, after.Applied);
        Assert.Equal(1, harness.Server.AppliedCount("op-1"));
        Assert.Equal(OutboxOutcomeKind.Applied, (await harness.Outbox.GetEntryAsync(entry.Id, Timeout))!.Outcome);
    }

    [Fact]
    public async Task DrainAsync_FoundSendingAfterRestartButNeverApplied_PreconditionProvesItAndItIsApplied()
    {
        await using var harness = await OutboxHarness.StartAsync();
        var original = new JsonObject { ["title"] = "original" };
        harness.Server.Seed("/todos/1", original);
        var entry = await harness.Outbox.EnqueueAsync(harness.Put("/todos/1", new JsonObject { ["title"] = "mine" }, original, 1, "op-1"), Timeout);
        await harness.RestartAsync();
        await using (var store = new SqliteOutboxStore(harness.DatabasePath))
        {
            // Killed after its intent was recorded: it may have left.
            await store.UpdateAsync(entry with { State = OutboxEntryState.Sending, Sends = 1 }, Timeout);
        }

        var after = await harness.Outbox.DrainAsync(Timeout);

        Assert.Equal(1, after.Applied);
        Assert.Equal(1, harness.Server.AppliedCount("op-1"));
        Assert.Equal("mine", harness.Server.Current("/todos/1").Body["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task DrainAsync_FoundSendingAfterRestartWithoutKeyOrPrecondition_IsNotSentAgainAndEndsOutcomeUnknown()
    {
        await using var harness = await OutboxHarness.StartAsync(server: s => s.RequirePrecondition = false);
        harness.Server.Seed("/todos/1", new JsonObject { ["title"] = "original" });
        var request = harness.Put("/todos/1", new JsonObject { ["title"] = "mine" }, null, 1, "op-1");
        request.Headers.Remove("If-Match");
        var entry = await harness.Outbox.EnqueueAsync(request, Timeout);
        await harness.RestartAsync();
        await using (var store = new SqliteOutboxStore(harness.DatabasePath))
        {
            await store.UpdateAsync(entry with { State = OutboxEntryState.Sending, Sends = 1 }, Timeout);
        }

        var after = await harness.Outbox.DrainAsync(Timeout);

        Assert.Equal(1, after.OutcomeUnknown);
        Assert.Equal(0, harness.Server.AppliedWrites);
        var ended = (await harness.Outbox.GetEntryAsync(entry.Id, Timeout))!;
        Assert.Contains("was not sent again", ended.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrainAsync_AnotherOutboxOnTheSameFileIsSending_SendsNothingAndTheWriteIsAppliedOnce()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await OutboxHarness.StartAsync(server: s => s.BeforeAnswer = async _ =>
        {
            held.TrySetResult();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30));
        });
        var original = new JsonObject { ["title"] = "original" };
        harness.Server.Seed("/todos/1", original);
        await harness.Outbox.EnqueueAsync(harness.Put("/todos/1", new JsonObject { ["title"] = "mine" }, original, 1, "op-1"), Timeout);
        using var client = new HttpClient { BaseAddress = harness.Server.BaseUri };
        await using var second = new ConflictOutbox(client, new SqliteOutboxStore(harness.DatabasePath), new ConflictOutboxOptions());

        var first = harness.Outbox.DrainAsync(Timeout);
        await held.Task.WaitAsync(Timeout);
        var meanwhile = await second.DrainAsync(Timeout);
        release.TrySetResult();
        var done = await first;

        Assert.True(meanwhile.AnotherSender);
        Assert.Equal(default, meanwhile with { AnotherSender = false });
        Assert.Equal(1, done.Applied);
        Assert.Equal(1, harness.Server.AppliedCount("op-1"));
        Assert.False((await second.DrainAsync(Timeout)).AnotherSender); // released when the first drain ended
    }
}
