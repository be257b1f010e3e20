using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Reporting;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Reporting;

/// <summary>The conflict report says, per field and in words, what happened; it never shows secrets or whole bodies.</summary>
public sealed class ConflictReportTests
{
    [Fact]
    public void Create_EachSideChangedAField_ListsBothWithWhoseValueWasKept()
    {
        var report = ConflictReport.Create(
            was: JsonNode.Parse("""{"title":"Docs","done":false,"owner":"ann"}"""),
            mine: JsonNode.Parse("""{"title":"Docs","done":true,"owner":"ann"}"""),
            theirs: JsonNode.Parse("""{"title":"Write docs","done":false,"owner":"ann"}"""),
            kept: JsonNode.Parse("""{"title":"Write docs","done":true,"owner":"ann"}"""));

        Assert.Equal(["/done", "/title"], report.Fields.Select(f => f.Path));
        Assert.Equal(new ConflictReportField("/done", "done", "false", "true", "false", "true", ConflictFieldWinner.Mine, ConflictFieldChange.Mine, IsConflict: false), report.Fields[0]);
        Assert.Equal(ConflictFieldWinner.Theirs, report.Fields[1].Winner);
        Assert.Empty(report.Conflicts);
        Assert.Equal("title: they changed it to \"Write docs\" (was \"Docs\"); kept theirs.", report.Fields[1].ToString());
        Assert.Equal(ConflictFieldChange.Theirs, report.Fields[1].ChangedBy);
    }

    [Fact]
    public void Create_BothChangedOneFieldAndTheWriteFailed_IsAConflictLeftUndecided()
    {
        var report = ConflictReport.Create(
            JsonNode.Parse("""{"address":{"city":"Oslo"}}"""), JsonNode.Parse("""{"address":{"city":"Bergen"}}"""), JsonNode.Parse("""{"address":{"city":"Tromsø"}}"""), kept: null);

        var field = Assert.Single(report.Conflicts);
        Assert.Equal(("address › city", "\"Bergen\"", "\"Tromsø\"", ConflictFieldWinner.Undecided), (field.Label, field.Mine, field.Theirs, field.Winner));
        Assert.Equal("\"Tromsø\"", field.Kept);
    }

    [Fact]
    public void Create_SensitiveAndLongValues_AreHiddenAndCut()
    {
        var report = ConflictReport.Create(
            JsonNode.Parse("""{"apiKey":"k1","note":"a"}"""),
            JsonNode.Parse($$"""{"apiKey":"k2","note":"{{new string('x', 500)}}"}"""),
            JsonNode.Parse("""{"apiKey":"k3","note":"a"}"""),
            kept: null,
            options: new ConflictReportOptions { MaxValueLength = 20 });

        var key = report.Fields.Single(f => f.Path == "/apiKey");
        Assert.Equal(["(hidden)"], new[] { key.Was, key.Mine, key.Theirs, key.Kept }.Distinct());
        var note = report.Fields.Single(f => f.Path == "/note");
        Assert.Equal(20, note.Mine!.Length);
        Assert.EndsWith("…", note.Mine, StringComparison.Ordinal);
        Assert.DoesNotContain("k2", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NoBase_ListsWhereTheSidesDifferAndSaysTheBaseIsUnknown()
    {
        var report = ConflictReport.Create(null, JsonNode.Parse("""{"a":1,"b":2}"""), JsonNode.Parse("""{"a":1,"b":3}"""), kept: null);

        Assert.False(report.BaseKnown);
        var field = Assert.Single(report.Fields);
        Assert.Equal(("/b", null, true), (field.Path, field.Was, field.IsConflict));
    }

    [Fact]
    public async Task Scope_ThreeWayMergeResolved_ReportsEachSidesFieldAndLeavesTheBodyVersionOut()
    {
        using var server = new VersionedResourceServer(new() { Placement = VersionPlacement.Body, BodyVersionPath = "/version" });
        server.Seed("/docs/1", new JsonObject { ["title"] = "Docs", ["done"] = false });
        await using var provider = TestClients.Create<IDocumentApi>(server.BaseUri, o =>
        {
            o.MergeStrategy = MergeStrategy.ThreeWay();
            o.Versions.Source = ConflictClient.Versioning.VersionSource.JsonBody("/version");
        });
        var api = provider.GetRequiredService<IDocumentApi>();
        var read = await api.GetAsync("1"); // remembered as the base
        server.WriteDirectly("/docs/1", d => d["title"] = "Write docs");

        var scope = new ConflictWriteResult();
        read["done"] = true;
        await api.PutAsync("1", read, scope);

        var report = scope.Report!;
        Assert.StartsWith("Saved after a conflict", report.Headline, StringComparison.Ordinal);
        Assert.True(report.BaseKnown);
        Assert.Equal([("/done", ConflictFieldWinner.Mine), ("/title", ConflictFieldWinner.Theirs)], report.Fields.Select(f => (f.Path, f.Winner)));
        Assert.Equal((true, "Write docs"), (server.Current("/docs/1")["done"]!.GetValue<bool>(), server.Current("/docs/1")["title"]!.GetValue<string>()));
    }

    [Fact]
    public void Create_SecretInsideAListAndControlCharacters_AreHiddenAndReplaced()
    {
        var report = ConflictReport.Create(
            JsonNode.Parse("""{"users":[{"name":"a","password":"old"}]}"""),
            JsonNode.Parse("""{"users":[{"name":"b","password":"hunter2"}],"note\u001b[31m":"x\u0007"}"""),
            JsonNode.Parse("""{"users":[{"name":"c","password":"other"}]}"""),
            kept: null);

        var text = report.ToString();
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Contains("(hidden)", report.Fields.Single(f => f.Path == "/users").Mine, StringComparison.Ordinal);
        Assert.DoesNotContain(text, c => char.IsControl(c) && c != '\n');
    }

    [Fact]
    public async Task Exception_BothChangedTheTitle_ReportsTheConflictForAPersonToDecide()
    {
        using var server = new VersionedResourceServer();
        server.Seed("/todos/1", new JsonObject { ["title"] = "Docs", ["done"] = false, ["tags"] = new JsonArray() });
        await using var provider = TestClients.Create<ITodoApi>(server.BaseUri, o => o.MergeStrategy = MergeStrategy.ThreeWay());
        var api = provider.GetRequiredService<ITodoApi>();
        using var read = await api.GetAsync(1);
        server.WriteDirectly("/todos/1", t => t["title"] = "Theirs");

        var error = await Assert.ThrowsAsync<ConflictException>(() => api.UpdateAsync(1, read.Content! with { Title = "Mine" }, read.Headers!.ETag!.ToString()));

        var field = Assert.Single(error.Report!.Conflicts);
        Assert.Equal(("/title", "\"Docs\"", "\"Mine\"", "\"Theirs\"", ConflictFieldWinner.Undecided), (field.Path, field.Was, field.Mine, field.Theirs, field.Winner));
        Assert.StartsWith("Not saved.", error.Report.Headline, StringComparison.Ordinal);
        Assert.Equal("Theirs", server.Current("/todos/1")["title"]!.GetValue<string>());
    }
}
