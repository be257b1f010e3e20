using ConflictClient.Tests.Support;

namespace ConflictClient.Tests.Examples;

/// <summary>Every console example runs as a user would run it, exits 0 and prints what README promises.</summary>
public sealed class ExamplesTests
{
    [Fact]
    public async Task Quickstart_Runs_SavesBothChangesAndExitsZero()
    {
        var (exitCode, output) = await ExampleProcess.RunAsync("ConflictClient.Quickstart");

        Assert.True(exitCode == 0, output);
        Assert.Contains("Saved: Todo { Id = 1, Title = Write the docs, Done = True }", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThreeWayMergeExample_Runs_KeepsBothPeoplesChanges()
    {
        var (exitCode, output) = await ExampleProcess.RunAsync("ConflictClient.ThreeWayMergeExample");

        Assert.True(exitCode == 0, output);
        Assert.Contains("Both people's changes were kept.", output, StringComparison.Ordinal);
        Assert.Contains("- name: they changed it to \"Weekend groceries\" (was \"Groceries\"); kept theirs.", output, StringComparison.Ordinal);
        Assert.Contains("Changed by both: items. Changed only by you: shared, visits. Changed only by them: name.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfflineExample_Runs_EditsSurviveTheOutageAndTheRestartAndOneWaitsForAPerson()
    {
        var (exitCode, output) = await ExampleProcess.RunAsync("ConflictClient.OfflineExample");

        Assert.True(exitCode == 0, output);
        Assert.Contains("Restarted: 3 edits wait.", output, StringComparison.Ordinal);
        Assert.Contains("Back online: 2 applied, 1 waiting for a person.", output, StringComparison.Ordinal);
        Assert.Contains("- title: you wrote \"Gate 4 (north)\", they wrote \"Gate 4 (east)\" (was \"Gate 4\"); to decide.", output, StringComparison.Ordinal);
        Assert.Contains("Every edit was kept, each written once.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReapplyExample_Runs_NoBookingLostOrDoubled()
    {
        var (exitCode, output) = await ExampleProcess.RunAsync("ConflictClient.ReapplyExample");

        Assert.True(exitCode == 0, output);
        Assert.Contains("Bookings lost: 0, applied twice: 0", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TelemetryExample_Runs_ExportsTheResolutionActivityAndMetrics()
    {
        var (exitCode, output) = await ExampleProcess.RunAsync("ConflictClient.TelemetryExample");

        Assert.True(exitCode == 0, output);
        Assert.Contains("Activity.DisplayName:        ConflictClient.Resolve", output, StringComparison.Ordinal);
        Assert.Contains("Metric Name: conflictclient.conflicts", output, StringComparison.Ordinal);
        Assert.Contains("Metric Name: resilience.polly.strategy.events", output, StringComparison.Ordinal);

        // OpenTelemetry's HTTP client conventions, and the library's own attributes under its prefix.
        foreach (var attribute in (string[])["server.address: todos.example", "server.port: 80", "http.request.method: PUT", "url.template: /todos/{id}",
            "conflictclient.outcome: WrittenAfterConflict", "conflictclient.conflict.kind: VersionConflict", "http.response.status_code: 412"])
        {
            Assert.Contains(attribute, output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("conflict.result", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("m\n", "\"phone\":\"555-0199\"")]
    [InlineData("t\n", "\"phone\":\"555-0123\"")]
    [InlineData("e\nt\n", "\"phone\":\"555-0123\"")]
    public async Task InteractiveExample_ScriptedAnswers_SavesTheChosenValuesAndKeepsEveryOtherChange(string answers, string phone)
    {
        var (exitCode, output) = await ExampleProcess.RunAsync("ConflictClient.InteractiveExample", answers);

        Assert.True(exitCode == 0, output);
        Assert.Contains("- phone: you wrote \"555-0199\", they wrote \"555-0123\" (was \"555-0100\"); to decide.", output, StringComparison.Ordinal);
        Assert.Contains("- email: you changed it to \"ann.lee@example.com\" (was \"ann@example.com\"); nobody else changed it.", output, StringComparison.Ordinal);
        Assert.Contains("To decide: phone. Changed only by you: email. Changed only by them: name.", output, StringComparison.Ordinal);
        Assert.Contains("You both changed phone: keep [m]ine", output, StringComparison.Ordinal);
        Assert.DoesNotContain("You both changed email", output, StringComparison.Ordinal);
        var saved = output[output.IndexOf("Saved: ", StringComparison.Ordinal)..];
        Assert.Contains(phone, saved, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"Ann Lee-Smith\"", saved, StringComparison.Ordinal); // theirs, untouched by me
        Assert.Contains("\"email\":\"ann.lee@example.com\"", saved, StringComparison.Ordinal); // mine, untouched by them
    }
}
