using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Conflicts;

/// <summary>
/// Issue "Fail closed", class 6, the rule: an <see cref="OperationCanceledException"/> from a guarded write always means it
/// was not applied. A write that may have reached the server ends <see cref="ConflictFailureReason.OutcomeUnknown"/>, and
/// one known to be applied ends <see cref="ConflictFailureReason.CanceledAfterApplied"/>: the caller is told either way.
/// </summary>
public sealed class CancellationTests
{
    [Fact]
    public async Task Put_CancelledBeforeAnyOfItLeft_IsCanceledAndNotApplied()
    {
        var (ops, error) = await WriteOnceAsync(CancelPoint.BeforeSend, groupCommit: false);

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Empty(ops);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Put_CancelledAfterTheServerAppliedItBeforeTheAnswer_IsOutcomeUnknownNeverCanceled(bool groupCommit)
    {
        var (ops, error) = await WriteOnceAsync(CancelPoint.AfterApplyBeforeAnswer, groupCommit);

        Assert.Equal(ConflictFailureReason.OutcomeUnknown, Assert.IsType<ConflictException>(error).Reason);
        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException);
        Assert.Equal(["op"], ops);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Put_CancelledAsTheAnswerArrives_IsToldItWasApplied(bool groupCommit)
    {
        var (ops, error) = await WriteOnceAsync(CancelPoint.AsTheAnswerArrives, groupCommit);

        Assert.Equal(ConflictFailureReason.CanceledAfterApplied, Assert.IsType<ConflictException>(error).Reason);
        Assert.Equal(["op"], ops);
    }

    /// <summary>
    /// Writers through shared (group commit) and independent clients, each cancelled at a point picked at random per
    /// write: whatever each caller was told, the log on the server agrees. None lost, none doubled, and a cancellation
    /// never hides an applied write.
    /// </summary>
    [Fact]
    public async Task Reapply_WritersCancelledAtRandomPoints_EveryCallerIsToldTheTruth()
    {
        await using var server = await KestrelResourceServer.StartAsync();
        server.Seed("/logs/1", new JsonObject { ["ops"] = new JsonArray() });
        var callers = new ConcurrentDictionary<string, CancellationTokenSource>(StringComparer.Ordinal);
        (CancelPoint, CancellationTokenSource?) Decide(HttpRequestMessage request)
        {
            var op = request.Headers.GetValues("X-Operation-Id").Single();
            var random = new Random(HashCode.Combine(20261207, op, request.Headers.IfMatch.ToString()));
            return (random.Next(8) switch { 0 => CancelPoint.BeforeSend, 1 => CancelPoint.AfterApplyBeforeAnswer, 2 => CancelPoint.AsTheAnswerArrives, _ => CancelPoint.None }, callers[op]);
        }

        var clients = new[] { true, false }.Select(groupCommit => Client(server, groupCommit, Decide)).ToList();
        var told = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
            {
                var api = clients[w % 2].GetRequiredService<IOpLogApi>();
                for (var i = 0; i < 15; i++)
                {
                    var op = $"w{w}-{i}";
                    using var cancellation = callers[op] = new CancellationTokenSource();
                    told[op] = await TryAsync(() => Reapply.UpdateAsync(api, a => a.GetAsync(1), (a, log, etag, reapply) => a.PutAsync(1, log, etag, op, reapply: reapply, cancellationToken: cancellation.Token), log => log with { Ops = [.. log.Ops, op] }));
                }
            })));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }

        var applied = Applied(server).GroupBy(op => op).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var wrong = told.Where(p => !Agrees(p.Value, applied.GetValueOrDefault(p.Key))).Select(p => $"{p.Key}: told {p.Value}, applied {applied.GetValueOrDefault(p.Key)}").ToList();
        Assert.True(wrong.Count == 0, string.Join("; ", wrong));
        Assert.Contains(told.Values, v => v == "canceled");
        Assert.Contains(told.Values, v => v == "success");
    }

    private static bool Agrees(string told, int applied) => told switch
    {
        "success" or nameof(ConflictFailureReason.CanceledAfterApplied) => applied == 1,
        nameof(ConflictFailureReason.OutcomeUnknown) => applied <= 1,
        "canceled" => applied == 0,
        _ when told.StartsWith("untyped", StringComparison.Ordinal) => false,
        _ => applied == 0,
    };

    private static async Task<string> TryAsync(Func<Task> write)
    {
        try
        {
            await write();
            return "success";
        }
        catch (ConflictException e)
        {
            return e.Reason.ToString();
        }
        catch (OperationCanceledException)
        {
            return "canceled";
        }
#pragma warning disable CA1031 // Anything else is counted as untyped, and fails the test.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return $"untyped {e.GetType().Name}: {e.Message}";
        }
    }

    private static async Task<(List<string> Ops, Exception? Error)> WriteOnceAsync(CancelPoint point, bool groupCommit)
    {
        await using var server = await KestrelResourceServer.StartAsync();
        server.Seed("/logs/1", new JsonObject { ["ops"] = new JsonArray() });
        using var cancellation = new CancellationTokenSource();
        await using var provider = Client(server, groupCommit, _ => (point, cancellation));
        var api = provider.GetRequiredService<IOpLogApi>();

        var error = await Record.ExceptionAsync(() => groupCommit
            ? Reapply.UpdateAsync(api, new OpLog(), server.ETag(1), (a, log, etag, reapply) => a.PutAsync(1, log, etag, "op", reapply: reapply, cancellationToken: cancellation.Token), log => log with { Ops = [.. log.Ops, "op"] })
            : api.PutAsync(1, new OpLog { Ops = ["op"] }, server.ETag(1), "op", cancellation.Token));
        return (Applied(server), error);
    }

    private static List<string> Applied(KestrelResourceServer server) =>
        [.. server.Current("/logs/1").Body["ops"]!.AsArray().Select(op => op!.GetValue<string>())];

    private static ServiceProvider Client(KestrelResourceServer server, bool groupCommit, Func<HttpRequestMessage, (CancelPoint, CancellationTokenSource?)> decide) =>
        TestClients.Create<IOpLogApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.Fail;
            o.GroupCommit = groupCommit;
        }, client: c => c.AddHttpMessageHandler(() => new CancelAt(decide)));
}
