using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Outbox;
using ConflictClient.Outbox.Sqlite;
using ConflictClient.Tests.Support;

namespace ConflictClient.Tests.Outbox;

/// <summary>
/// The promise across crashes: the sender runs in its own process (ConflictClient.Outbox.CrashChild), which is killed
/// (SIGKILL) at least 200 times at chosen moments — after its intent to send is on disk, as a write leaves, after the
/// server applied a write and before its answer, during a merge's read, mid-batch — and started again, over queued
/// writes to a real Kestrel server that counts applications per operation while other writers change the same resources.
/// </summary>
public sealed class OutboxCrashTests
{
    private const int Kills = 200;
    private const int Resources = 8;
    private const int OperationsPerBatch = 40;

    private enum KillAt
    {
        Intent,
        Send,
        AppliedBeforeAnswer,
        Read,
        Ended,
    }

    [Fact]
    public async Task Sender_KilledAtRandomMoments_EveryWriteAppliedOnceOrToldAndNothingLost()
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(10));
        var random = new Random(2112);
        Hold? armed = null;
        await using var server = await KestrelResourceServer.StartAsync(s => s.EnforceIdempotencyKeys = true);
        server.BeforeAnswer = async _ =>
        {
            if (Interlocked.Exchange(ref armed, null) is { } hold)
            {
                hold.Held.TrySetResult();
                await hold.Release.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
        };
        var folder = Directory.CreateTempSubdirectory("conflict-outbox-crash-").FullName;
        var database = Path.Combine(folder, "outbox.db");
        for (var r = 0; r < Resources; r++)
        {
            server.Seed($"/items/{r}", new JsonObject { ["name"] = $"item {r}" });
        }

        var operations = new List<(string Id, long Entry, int Resource, bool Keyed)>();
        await EnqueueBatchAsync(server, database, operations, random, deadline.Token);
        var kills = 0;
        var other = 0;
        var moments = new Dictionary<KillAt, int>();
        while (true)
        {
            var killAt = kills < Kills ? (KillAt?)random.Next(5) : null;
            var nth = random.Next(1, 5);
            if (killAt == KillAt.AppliedBeforeAnswer)
            {
                armed = new Hold();
            }

            var (killed, done) = await RunChildAsync(database, server.BaseUri, killAt, nth, armed, deadline.Token);
            if (Interlocked.Exchange(ref armed, null) is { } unused)
            {
                unused.Release.TrySetResult();
            }

            if (killed)
            {
                kills++;
                moments[killAt!.Value] = moments.GetValueOrDefault(killAt!.Value) + 1;
            }

            // Another writer changes a resource between runs: the queued writes meet conflicts and merge.
            server.WriteDirectly($"/items/{random.Next(Resources)}", doc => doc[$"other_{other++}"] = true);
            if (done && kills >= Kills)
            {
                break;
            }

            if (done)
            {
                await EnqueueBatchAsync(server, database, operations, random, deadline.Token);
            }
        }

        await using var store = new SqliteOutboxStore(database);
        Assert.Equal("ok", await store.CheckIntegrityAsync(deadline.Token));
        var counts = new Dictionary<(bool Keyed, OutboxOutcomeKind Outcome), int>();
        foreach (var (id, entryId, resource, keyed) in operations)
        {
            var entry = await store.GetAsync(entryId, deadline.Token);
            Assert.NotNull(entry); // nothing lost from the queue
            var applied = server.AppliedCount(id);
            counts[(keyed, entry.Outcome)] = counts.GetValueOrDefault((keyed, entry.Outcome)) + 1;
            Assert.True(entry.State == OutboxEntryState.Ended, $"{id} is {entry.State}");
            Assert.InRange(applied, 0, 1); // never applied twice
            switch (entry.Outcome)
            {
                case OutboxOutcomeKind.Applied:
                    Assert.Equal(1, applied);
                    break;
                case OutboxOutcomeKind.NotApplied:
                    Assert.True(applied == 0, $"{id} ended not applied ({entry.Reason}, {entry.StatusCode}, {entry.WriteOutcome}, sends {entry.Sends}, may have left {entry.MayHaveLeft}: {entry.Message}) but was applied {applied} time(s)");
                    break;
                case OutboxOutcomeKind.OutcomeUnknown:
                    break; // told: applied 0 or 1
                default:
                    Assert.Fail($"{id} ended {entry.Outcome}");
                    break;
            }

            if (applied == 1)
            {
                // Applied and never overwritten since: no one's change was lost.
                Assert.True(server.Current($"/items/{resource}").Body[id]?.GetValue<bool>() == true, $"{id} was applied but is gone from /items/{resource}");
            }
        }

        Assert.True(kills >= Kills, $"{kills} kills");
        TestContext.Current.SendDiagnosticMessage(
            $"Outbox crash test: {kills} kills ({string.Join(", ", moments.Select(m => $"{m.Key} {m.Value}"))}), {operations.Count} writes: " +
            string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{(c.Key.Keyed ? "keyed" : "unkeyed")} {c.Key.Outcome} {c.Value}")));
    }

    /// <summary>Queues writes as an app does, each made from the state it read (the seed), at that version.</summary>
    private static async Task EnqueueBatchAsync(KestrelResourceServer server, string database, List<(string, long, int, bool)> operations, Random random, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = server.BaseUri };
        await using var outbox = new ConflictOutbox(client, new SqliteOutboxStore(database), new ConflictOutboxOptions());
        for (var i = 0; i < OperationsPerBatch; i++)
        {
            var resource = random.Next(Resources);
            var id = $"op_{operations.Count}";
            var (version, body) = server.Current($"/items/{resource}");
            var kind = random.Next(3);
            using var request = kind == 2
                ? new HttpRequestMessage(HttpMethod.Patch, $"/items/{resource}") { Content = new StringContent(new JsonObject { [id] = true }.ToJsonString(), Encoding.UTF8, "application/merge-patch+json") }
                : new HttpRequestMessage(HttpMethod.Put, $"/items/{resource}") { Content = new StringContent(With(body, id).ToJsonString(), Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("If-Match", server.ETag(version));
            request.Headers.TryAddWithoutValidation("X-Operation-Id", id);
            if (kind == 1)
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", Guid.NewGuid().ToString());
            }

            request.SetConflictBase(body.DeepClone());
            var entry = await outbox.EnqueueAsync(request, cancellationToken);
            operations.Add((id, entry.Id, resource, kind == 1));
        }
    }

    private static JsonObject With(JsonObject body, string id)
    {
        var copy = (JsonObject)body.DeepClone();
        copy[id] = true;
        return copy;
    }

    /// <summary>Runs the sender until it prints DONE, or kills it at the <paramref name="nth"/> moment of <paramref name="killAt"/>.</summary>
    private static async Task<(bool Killed, bool Done)> RunChildAsync(string database, Uri server, KillAt? killAt, int nth, Hold? hold, CancellationToken cancellationToken)
    {
        var configuration = typeof(OutboxCrashTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var dll = Path.Combine(ExampleProcess.RepositoryRoot, "tests", "ConflictClient.Outbox.CrashChild", "bin", configuration, "net10.0", "ConflictClient.Outbox.CrashChild.dll");
        Assert.True(File.Exists(dll), $"{dll} is not built; build the solution first.");
        using var process = Process.Start(new ProcessStartInfo("dotnet", [dll, database, server.AbsoluteUri]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        var seen = 0;
        var done = false;
        var kill = killAt == KillAt.AppliedBeforeAnswer
            ? hold!.Held.Task.ContinueWith(_ => true, cancellationToken, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default)
            : null;
        try
        {
            while (true)
            {
                var line = process.StandardOutput.ReadLineAsync(cancellationToken).AsTask();
                if (kill is not null && await Task.WhenAny(line, kill) == kill)
                {
                    Kill(process);
                    hold!.Release.TrySetResult();
                    return (true, false);
                }

                var text = await line.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
                if (text is null)
                {
                    break;
                }

                done |= text == "DONE";
                if (killAt is { } at and not KillAt.AppliedBeforeAnswer && text.StartsWith(Marker(at), StringComparison.Ordinal) && ++seen == nth)
                {
                    Kill(process);
                    return (true, false);
                }
            }

            await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            Assert.True(process.ExitCode == 0, $"The sender failed ({process.ExitCode}): {await errors}");
            return (false, done);
        }
        finally
        {
            if (!process.HasExited)
            {
                Kill(process);
            }
        }
    }

    private static string Marker(KillAt at) => at switch
    {
        KillAt.Intent => "INTENT",
        KillAt.Send => "SEND",
        KillAt.Read => "READ",
        _ => "ENDED",
    };

    private static void Kill(Process process)
    {
        process.Kill(entireProcessTree: true); // SIGKILL: no finally, no flush, no dispose
        process.WaitForExit(TimeSpan.FromSeconds(30));
    }

    private sealed class Hold
    {
        public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
