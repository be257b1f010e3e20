using System.Text.Json.Nodes;
using ConflictClient.Outbox;

namespace ConflictClient.Tests.Outbox;

/// <summary>Offline for a while, then back: many queued writes, other writers changing the same resources meanwhile.</summary>
public sealed class OutboxOfflineTests
{
    [Fact]
    public async Task DrainAsync_ThousandWritesOnHundredResourcesQueuedOffline_NoneLostConflictsMergedOrParked()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        await using var harness = await OutboxHarness.StartAsync();
        var random = new Random(1000);
        for (var r = 0; r < 100; r++)
        {
            harness.Server.Seed($"/items/{r}", new JsonObject { ["title"] = $"item {r}" });
        }

        harness.Offline = true;
        var writes = new List<(string Operation, long Entry, int Resource, bool SameField)>();
        for (var i = 0; i < 1000; i++)
        {
            // Each write is made from what the app read before it went offline, as an app does.
            var resource = random.Next(100);
            var (version, body) = harness.Server.Current($"/items/{resource}");
            var sameField = i % 10 == 0;
            var mine = (JsonObject)body.DeepClone();
            mine[$"op_{i}"] = true;
            if (sameField)
            {
                mine["title"] = $"my title {i}";
            }

            var entry = await harness.Outbox.EnqueueAsync(harness.Put($"/items/{resource}", mine, body, version, $"op_{i}"), timeout.Token);
            writes.Add(($"op_{i}", entry.Id, resource, sameField));
            if (i % 100 == 0)
            {
                Assert.True((await harness.Outbox.DrainAsync(timeout.Token)).Offline);
            }

            if (i % 4 == 0)
            {
                // Another writer, online meanwhile: changes other fields of the same resources, and sometimes the title.
                var other = random.Next(100);
                harness.Server.WriteDirectly($"/items/{other}", doc =>
                {
                    doc[$"other_{i}"] = true;
                    if (i % 40 == 0)
                    {
                        doc["title"] = $"their title {i}";
                    }
                });
            }
        }

        Assert.Equal(0, harness.Server.AppliedWrites);
        harness.Offline = false;
        var result = await harness.Outbox.DrainAsync(timeout.Token);

        Assert.False(result.Offline);
        var applied = 0;
        var parked = 0;
        foreach (var (operation, id, resource, sameField) in writes)
        {
            var entry = (await harness.Outbox.GetEntryAsync(id, timeout.Token))!;
            var count = harness.Server.AppliedCount(operation);
            var present = harness.Server.Current($"/items/{resource}").Body[operation] is not null;
            if (entry.Outcome == OutboxOutcomeKind.Applied)
            {
                Assert.True((count, present) == (1, true), $"{operation}: applied {count}, present {present}");
                applied++;
            }
            else
            {
                // Only a change of the title, which others changed too, waits for a person; everything else merged.
                Assert.True(sameField && entry.Outcome == OutboxOutcomeKind.Parked, $"{operation} ended {entry.Outcome} ({entry.Reason}): {entry.Message}");
                Assert.Equal(0, count);
                parked++;
            }
        }

        Assert.Equal(1000, applied + parked);
        Assert.Equal((result.Applied, result.Parked), (applied, parked));
        Assert.InRange(parked, 1, 100);
        Assert.Equal(parked, (await harness.Outbox.GetParkedAsync(timeout.Token)).Count);
        TestContext.Current.SendDiagnosticMessage($"Offline then back: 1000 writes, {applied} applied, {parked} parked, {harness.Server.AppliedWrites} writes applied on the server.");
    }
}
