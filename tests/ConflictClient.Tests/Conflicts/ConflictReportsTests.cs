using System.Net;
using ConflictClient.Conflicts;
using ConflictClient.Http;
using ConflictClient.Reporting;

namespace ConflictClient.Tests.Conflicts;

/// <summary>A write's report is built from its progress: what it held when it ended, never a bag filled on the way.</summary>
public sealed class ConflictReportsTests
{
    [Theory]
    [InlineData("""{"a":1,"a":2}""", false)]   // duplicate names: not comparable
    [InlineData("<html>busy</html>", false)]   // not JSON
    [InlineData("""{"a":1,"b":1}""", true)]     // a patch: its body is a change, not the document
    public void Create_BodiesThatCannotBeCompared_GiveNoReportAndNeverThrow(string theirs, bool isPatch)
    {
        var progress = Progress("""{"a":2}""", theirs) with { IsPatch = isPatch };

        Assert.Null(ConflictReports.Create(progress, "h", resolved: true));
    }

    [Fact]
    public void Create_OutcomeUnknown_LeavesWhatWasKeptUnknown()
    {
        var progress = Progress("""{"a":2}""", """{"a":3}""") with { Merged = true, FirstBase = """{"a":1}"""u8.ToArray() };

        var field = Assert.Single(ConflictReports.Create(progress, "h", resolved: false, outcomeKnown: false)!.Fields);

        Assert.Equal(("2", "3", null, ConflictFieldWinner.Undecided), (field.Mine, field.Theirs, field.Kept, field.Winner));
    }

    [Fact]
    public void Create_BaseOfTheFirstMerge_IsWhatItWas()
    {
        var progress = Progress("""{"a":2,"b":1}""", """{"a":1,"b":3}""") with { Merged = true, FirstBase = """{"a":1,"b":1}"""u8.ToArray(), Kept = """{"a":2,"b":3}"""u8.ToArray() };

        var report = ConflictReports.Create(progress, "h", resolved: true)!;

        Assert.True(report.BaseKnown);
        Assert.Equal([("/a", ConflictFieldWinner.Mine), ("/b", ConflictFieldWinner.Theirs)], report.Fields.Select(f => (f.Path, f.Winner)));
    }

    private static WriteProgress Progress(string mine, string theirs) => new()
    {
        Method = HttpMethod.Put,
        RequestUri = new Uri("http://api.test/r"),
        StartedAt = 0,
        Mine = System.Text.Encoding.UTF8.GetBytes(mine),
        Remote = new RemoteState(new Representation(HttpStatusCode.OK, System.Text.Encoding.UTF8.GetBytes(theirs), null, null)),
    };
}
