using ConflictClient.Tests.Support;

namespace ConflictClient.Benchmarks;

/// <summary>
/// The fault suite at a larger size: 32 writers x 25 increments (read, +1, conditional write) of one counter on a Kestrel
/// resource with 5 % of writes faulted (applied then cut off, cut off before applied, 503), on default options, with
/// and without the standard resilience handler and Idempotency-Keys. Prints how every call ended against how often the
/// server applied it.
/// </summary>
public static class FaultHarness
{
    public static async Task<int> RunAsync(int runs)
    {
        var failed = false;
        foreach (var (standard, keys) in new[] { (true, true), (true, false), (false, true), (false, false) })
        {
            for (var run = 1; run <= runs; run++)
            {
                var report = await FaultLoad.RunAsync(writers: 32, increments: 25, standard, keys, seed: run, faultRate: 0.05);
                Console.WriteLine($"standard handler {(standard ? "on " : "off")}, Idempotency-Keys {(keys ? "on " : "off")}, run {run}: {report}");
                failed |= report.SilentDoubles + report.SilentLosses + report.FailedButApplied + report.Untyped + report.LostOnServer > 0;
            }
        }

        return failed ? 1 : 0;
    }
}
