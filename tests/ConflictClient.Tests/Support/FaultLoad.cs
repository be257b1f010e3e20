using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace ConflictClient.Tests.Support;

/// <summary>
/// Concurrent writers, each with its own client, incrementing one counter on a <see cref="KestrelResourceServer"/>
/// with seeded faults. Every call names its operation, and is classified against how often the server applied it:
/// the promise holds when no call is a silent double or a silent loss, and no failure is untyped.
/// </summary>
public static class FaultLoad
{
    public static async Task<FaultLoadReport> RunAsync(int writers, int increments, bool standardHandler, bool idempotencyKeys, int seed, double faultRate = 0.05)
    {
        await using var server = await KestrelResourceServer.StartAsync(s => s.EnforceIdempotencyKeys = idempotencyKeys);
        server.Seed("/counters/1", new JsonObject { ["count"] = 0 });
        var random = new Random(seed);
        server.Faults = () => random.NextDouble() switch
        {
            var r when r < faultRate / 2 => ServerFault.ApplyThenAbort,
            var r when r < faultRate * 3 / 4 => ServerFault.AbortBeforeApply,
            var r when r < faultRate => ServerFault.Unavailable,
            _ => ServerFault.None,
        };

        var outcomes = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var providers = Enumerable.Range(0, writers).Select(_ => Client(server.BaseUri, standardHandler, idempotencyKeys)).ToList();
        try
        {
            await Task.WhenAll(providers.Select((provider, w) => Task.Run(async () =>
            {
                var api = provider.GetRequiredService<ICounterApi>();
                for (var i = 0; i < increments; i++)
                {
                    var operation = $"w{w}-{i}";
                    outcomes[operation] = await CallAsync(api, operation);
                }
            })));
        }
        finally
        {
            foreach (var provider in providers)
            {
                await provider.DisposeAsync();
            }
        }

        return Classify(server, outcomes);
    }

    private static async Task<string> CallAsync(ICounterApi api, string operation)
    {
        try
        {
            await Reapply.UpdateAsync(api, a => a.GetAsync(1), (a, c, e, reapply) => a.PutAsync(1, c, e, operation, reapply: reapply), c => c with { Count = c.Count + 1 });
            return "success";
        }
        catch (ConflictException e)
        {
            return e.Reason.ToString();
        }
        catch (ApiException e)
        {
            // The server answered with an error (503 with no resilience handler): not applied, and the caller was told.
            return $"http {(int)e.StatusCode}";
        }
#pragma warning disable CA1031 // Every other failure is counted as untyped: the report says which.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return $"untyped {e.GetType().Name} ({e.InnerException?.GetType().Name}: {e.InnerException?.Message})";
        }
    }

    private static FaultLoadReport Classify(KestrelResourceServer server, ConcurrentDictionary<string, string> outcomes)
    {
        var report = new FaultLoadReport { Calls = outcomes.Count, Final = server.Current("/counters/1").Body["count"]!.GetValue<int>() };
        foreach (var (operation, outcome) in outcomes)
        {
            var applied = server.AppliedCount(operation);
            report.TotalApplied += applied;
            report.ByOutcome[outcome] = report.ByOutcome.GetValueOrDefault(outcome) + 1;
            switch (outcome)
            {
                case "success" when applied == 1:
                    report.AppliedOnce++;
                    break;
                case "success" when applied == 0:
                    report.SilentLosses++;
                    break;
                case "success":
                    report.SilentDoubles++;
                    break;
                case nameof(ConflictFailureReason.OutcomeUnknown) when applied <= 1:
                    report.Unknown++;
                    break;
                case var _ when outcome.StartsWith("untyped", StringComparison.Ordinal):
                    report.Untyped++;
                    break;
                case var _ when applied == 0:
                    report.NotApplied++;
                    break;
                default:
                    // A failure that claims "not applied" although the server applied it, or anything applied twice.
                    report.FailedButApplied++;
                    break;
            }
        }

        return report;
    }

    private static ServiceProvider Client(Uri baseUri, bool standardHandler, bool idempotencyKeys)
    {
        var services = new ServiceCollection();
        var builder = services.AddRefitGeneratedClient<ICounterApi>(CounterJson.Refit().UseConflictExceptions())
            .ConfigureHttpClient(c => c.BaseAddress = baseUri)
            .AddConflictResolution(o =>
            {
                o.MergeStrategy = MergeStrategy.Fail;
                o.Creates.GenerateIdempotencyKeys = idempotencyKeys;
            });
        if (standardHandler)
        {
            builder.AddFastTransientRetries();
        }

        return services.BuildServiceProvider();
    }
}

/// <summary>How the calls of a <see cref="FaultLoad"/> run ended, against what the server applied.</summary>
public sealed class FaultLoadReport
{
    public int Calls { get; set; }

    public int Final { get; set; }

    public int TotalApplied { get; set; }

    public int AppliedOnce { get; set; }

    public int NotApplied { get; set; }

    public int Unknown { get; set; }

    public int SilentDoubles { get; set; }

    public int SilentLosses { get; set; }

    public int FailedButApplied { get; set; }

    public int Untyped { get; set; }

    public Dictionary<string, int> ByOutcome { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets updates lost on the server: applied writes whose increment is not in the final value.</summary>
    public int LostOnServer => TotalApplied - Final;

    public override string ToString() =>
        $"{Calls} calls: {AppliedOnce} applied once, {NotApplied} not applied (typed), {Unknown} unknown; " +
        $"silent doubles {SilentDoubles}, silent losses {SilentLosses}, failed but applied {FailedButApplied}, untyped {Untyped}, " +
        $"lost on server {LostOnServer} (final {Final}, applied {TotalApplied}); by outcome: {string.Join(", ", ByOutcome.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))}";
}
