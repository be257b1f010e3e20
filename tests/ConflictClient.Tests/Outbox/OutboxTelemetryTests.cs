using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace ConflictClient.Tests.Outbox;

/// <summary>The outbox's meter and activity source, <c>ConflictClient.Outbox</c>.</summary>
public sealed class OutboxTelemetryTests
{
    [Fact]
    public async Task DrainAsync_OneAppliedOneParked_CountsEachOutcomeTimesTheEnqueuesAndStartsAnActivityPerSend()
    {
        await using var harness = await OutboxHarness.StartAsync();
        var outbox = harness.Outbox;
        using var writes = new MetricCollector<long>(harness.MeterFactory, "ConflictClient.Outbox", "conflictclient.outbox.writes");
        using var enqueues = new MetricCollector<double>(harness.MeterFactory, "ConflictClient.Outbox", "conflictclient.outbox.enqueue.duration");
        using var waiting = new MetricCollector<int>(harness.MeterFactory, "ConflictClient.Outbox", "conflictclient.outbox.waiting");
        using var parent = new Activity("test").Start();
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "ConflictClient.Outbox",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.ParentId == parent.Id)
                {
                    lock (activities)
                    {
                        activities.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var original = new JsonObject { ["title"] = "original" };
        harness.Server.Seed("/todos/1", original);
        harness.Server.Seed("/todos/2", original.DeepClone().AsObject());
        await outbox.EnqueueAsync(harness.Put("/todos/1", new JsonObject { ["title"] = "mine" }, original, 1), TestContext.Current.CancellationToken);
        await outbox.EnqueueAsync(harness.Put("/todos/2", new JsonObject { ["title"] = "mine" }, original, 1), TestContext.Current.CancellationToken);
        harness.Server.WriteDirectly("/todos/2", doc => doc["title"] = "theirs");

        await outbox.DrainAsync(TestContext.Current.CancellationToken);
        waiting.RecordObservableInstruments();

        Assert.Equal(["applied", "parked"], writes.GetMeasurementSnapshot().Select(m => (string)m.Tags["conflictclient.outbox.outcome"]!).Order());
        Assert.Equal(2, enqueues.GetMeasurementSnapshot().Count);
        Assert.Equal(1, waiting.LastMeasurement!.Value); // the parked one
        Assert.Equal(["applied", "parked"], activities.Select(a => (string)a.GetTagItem("conflictclient.outbox.outcome")!).Order());
        Assert.All(activities, a => Assert.Equal(("outbox send", "PUT"), (a.OperationName, (string)a.GetTagItem("http.request.method")!)));
    }
}
