using ConflictClient.Tests.Support;

namespace ConflictClient.Tests.Conflicts;

/// <summary>
/// The held-out conflict corpus (Conflicts/HeldOut): 155 responses from 71 APIs, gathered by researchers who never read
/// the classifier. Measured, never tuned to; the figures are in docs/benchmarks.md. Set HELDOUT_REPORT to a folder to
/// get the per-case tables as Markdown.
/// </summary>
public sealed class HeldOutCorpusTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Classify_HeldOutSet_IsMeasuredAndNeverCrashes(bool versionSourceConfigured)
    {
        var report = HeldOutMeasure.Run(RecordedConflict.HeldOut, versionSourceConfigured);
        output.WriteLine(report.ToString());
        if (Environment.GetEnvironmentVariable("HELDOUT_REPORT") is { Length: > 0 } folder)
        {
            File.WriteAllText(Path.Combine(folder, $"heldout-{(versionSourceConfigured ? "configured" : "defaults")}.md"), report + "\n\n" + report.ToMarkdown());
        }

        Assert.True(report.Count >= 150, $"{report.Count} records");
        Assert.Equal(0, report.Crashes);
    }
}
