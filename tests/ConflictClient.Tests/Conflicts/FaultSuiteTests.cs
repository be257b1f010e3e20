using ConflictClient.Tests.Support;

namespace ConflictClient.Tests.Conflicts;

/// <summary>
/// The promise under seeded faults (writes applied then cut off, cut off before applied, 503) and contention: every call
/// is applied once and reported as success, not applied and reported as a typed failure, or reported as outcome unknown.
/// </summary>
public sealed class FaultSuiteTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public async Task Increments_UnderFaultsAndContention_NoSilentDoubleNoSilentLossNoUntypedFailure(bool standardHandler, bool idempotencyKeys)
    {
        var report = await FaultLoad.RunAsync(writers: 6, increments: 15, standardHandler, idempotencyKeys, seed: 20261127, faultRate: 0.1);
        output.WriteLine(report.ToString());

        Assert.Equal(90, report.Calls);
        Assert.Equal(0, report.SilentDoubles);
        Assert.Equal(0, report.SilentLosses);
        Assert.Equal(0, report.FailedButApplied);
        Assert.Equal(0, report.Untyped);
        Assert.Equal(0, report.LostOnServer);
        Assert.Equal(report.Calls, report.AppliedOnce + report.NotApplied + report.Unknown);
        Assert.True(report.AppliedOnce > 0, report.ToString());
    }
}
