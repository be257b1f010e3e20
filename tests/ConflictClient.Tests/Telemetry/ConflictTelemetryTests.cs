using System.Collections.Concurrent;
using System.Diagnostics;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Telemetry;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Polly.Telemetry;
using Refit;

namespace ConflictClient.Tests.Telemetry;

/// <summary>The library's meter and activity source, seen as OpenTelemetry would see them. Run alone: instruments are process-wide.</summary>
[Collection(nameof(TelemetryCollection))]
public sealed class ConflictTelemetryTests
{
    [Fact]
    public async Task ResolvedConflict_IsCountedMeasuredAndTraced()
    {
        using var conflicts = new MetricCollector<long>(null, ConflictClientTelemetry.MeterName, "conflictclient.conflicts");
        using var resolutions = new MetricCollector<long>(null, ConflictClientTelemetry.MeterName, "conflictclient.resolutions");
        using var attempts = new MetricCollector<int>(null, ConflictClientTelemetry.MeterName, "conflictclient.resolution.attempts");
        using var refetches = new MetricCollector<long>(null, ConflictClientTelemetry.MeterName, "conflictclient.refetches");
        var activities = new List<Activity>();
        using var listener = Listen(activities);
        using var server = VersionedResourceServer.WithStaleTodo();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ClientWins);

        await provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\"");

        var conflict = Assert.Single(conflicts.GetMeasurementSnapshot());
        Assert.Equal("VersionConflict", conflict.Tags["conflictclient.conflict.kind"]);
        Assert.Equal(412, conflict.Tags["http.response.status_code"]);
        Assert.Equal("PUT", conflict.Tags["http.request.method"]);
        Assert.Equal("/todos/{id}", conflict.Tags["url.template"]); // Refit's route template: bounded, no ids
        Assert.Equal(server.BaseUri.Host, conflict.Tags["server.address"]);
        Assert.Equal(server.BaseUri.Port, conflict.Tags["server.port"]);
        var resolution = Assert.Single(resolutions.GetMeasurementSnapshot());
        Assert.Equal("WrittenAfterConflict", resolution.Tags["conflictclient.outcome"]);
        Assert.False(resolution.Tags.ContainsKey("error.type"));
        Assert.Equal("/todos/{id}", Assert.Single(resolutions.GetMeasurementSnapshot()).Tags["url.template"]);
        Assert.Equal(2, Assert.Single(attempts.GetMeasurementSnapshot()).Value);
        Assert.Equal(1, Assert.Single(refetches.GetMeasurementSnapshot()).Value);
        var activity = Assert.Single(activities);
        Assert.Equal("ConflictClient.Resolve", activity.OperationName);
        Assert.Equal(ActivityStatusCode.Ok, activity.Status);
        Assert.Equal("conflict", Assert.Single(activity.Events).Name);
        Assert.Equal("/todos/{id}", activity.GetTagItem("url.template"));
        Assert.DoesNotContain(activity.TagObjects, tag => tag.Value?.ToString()?.Contains("/todos/1", StringComparison.Ordinal) == true); // no URI, no id
    }

    [Fact]
    public async Task FailedResolution_IsCountedByReasonAndTheActivityFails()
    {
        using var resolutions = new MetricCollector<long>(null, ConflictClientTelemetry.MeterName, "conflictclient.resolutions");
        var activities = new List<Activity>();
        using var listener = Listen(activities);
        using var server = VersionedResourceServer.WithStaleTodo();
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.Fail);

        await Assert.ThrowsAsync<ConflictException>(() => provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\""));

        var resolution = Assert.Single(resolutions.GetMeasurementSnapshot());
        Assert.Equal("MergeGaveUp", resolution.Tags["error.type"]);
        Assert.False(resolution.Tags.ContainsKey("conflictclient.outcome")); // successes and failures are not mixed in one tag
        var activity = Assert.Single(activities);
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
        Assert.Equal("MergeGaveUp", activity.GetTagItem("error.type"));
    }

    [Theory]
    [InlineData("PUT", "PUT")]
    [InlineData("patch", "PATCH")]
    [InlineData("MERGE", "_OTHER")]
    [InlineData("PROPPATCH", "_OTHER")]
    public void Method_AsTheConventionsNameIt_IsOneOfNineOrOther(string method, string expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "http://api.test/x");

        Assert.Equal(expected, ConflictTelemetry.Method(request));
    }

    [Fact]
    public void Histograms_AdviseBucketsFineEnoughForRoundTrips()
    {
        var advice = new Dictionary<string, IReadOnlyList<double>>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                switch (instrument)
                {
                    case System.Diagnostics.Metrics.Histogram<double> { Meter.Name: ConflictClientTelemetry.MeterName } seconds when seconds.Advice?.HistogramBucketBoundaries is { } bounds:
                        advice[instrument.Name] = bounds;
                        break;
                    case System.Diagnostics.Metrics.Histogram<int> { Meter.Name: ConflictClientTelemetry.MeterName } counts when counts.Advice?.HistogramBucketBoundaries is { } bounds:
                        advice[instrument.Name] = [.. bounds.Select(b => (double)b)];
                        break;
                }
            },
        };
        listener.Start();

        // The default buckets put everything under 5 s in one bucket; a conflict resolves in milliseconds.
        Assert.Contains(0.005, advice["conflictclient.resolution.duration"]);
        Assert.Contains(0.1, advice["conflictclient.resolution.duration"]);
        Assert.Equal([1, 2, 3], advice["conflictclient.resolution.attempts"].Take(3));
    }

    [Fact]
    public async Task WriteWithoutConflict_RecordsNothing()
    {
        using var conflicts = new MetricCollector<long>(null, ConflictClientTelemetry.MeterName, "conflictclient.conflicts");
        using var resolutions = new MetricCollector<long>(null, ConflictClientTelemetry.MeterName, "conflictclient.resolutions");
        var activities = new List<Activity>();
        using var listener = Listen(activities);
        using var server = new VersionedResourceServer();
        server.Seed("/todos/1", new System.Text.Json.Nodes.JsonObject { ["title"] = "t" });
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ClientWins);

        await provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\"");

        Assert.Empty(conflicts.GetMeasurementSnapshot());
        Assert.Empty(resolutions.GetMeasurementSnapshot());
        Assert.Empty(activities);
    }

    [Fact]
    public async Task ResolvedConflict_OnTheDependencyInjectionPath_ReachesPollysMeterAndTelemetryListeners()
    {
        using var pollyEvents = new MetricCollector<int>(null, "Polly", "resilience.polly.strategy.events");
        using var pipelineDurations = new MetricCollector<double>(null, "Polly", "resilience.polly.pipeline.duration");
        var listener = new RecordingTelemetryListener();
        using var server = VersionedResourceServer.WithStaleTodo();
        var services = new ServiceCollection();
        services.Configure<TelemetryOptions>(o => o.TelemetryListeners.Add(listener));
        services.AddRefitGeneratedClient<ITodoApi>(TestJson.Refit().UseConflictExceptions())
            .ConfigureHttpClient(c => c.BaseAddress = server.BaseUri)
            .AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ClientWins);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<ITodoApi>().UpdateAsync(1, new Todo { Title = "mine" }, "\"v1\"");

        var conflict = Assert.Single(pollyEvents.GetMeasurementSnapshot(), m => (string?)m.Tags["event.name"] == "OnConflict");
        Assert.Equal("conflict-resolution", conflict.Tags["pipeline.name"]);
        Assert.Equal("ITodoApi", conflict.Tags["pipeline.instance"]); // not Refit's generated type name with its version
        Assert.Equal("Information", conflict.Tags["event.severity"]);
        Assert.Contains("OnConflict", listener.Events);
        Assert.Empty(pipelineDurations.GetMeasurementSnapshot()); // events only: no per-call pipeline telemetry
        Assert.DoesNotContain("PipelineExecuted", listener.Events);
    }

    private sealed class RecordingTelemetryListener : TelemetryListener
    {
        public ConcurrentQueue<string> Events { get; } = new();

        public override void Write<TResult, TArgs>(in TelemetryEventArguments<TResult, TArgs> args) => Events.Enqueue(args.Event.EventName);
    }

    private static ActivityListener Listen(List<Activity> stopped)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ConflictClientTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (stopped)
                {
                    stopped.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}

/// <summary>Telemetry tests run alone: the meter and activity source are process-wide, and other tests write too.</summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;
