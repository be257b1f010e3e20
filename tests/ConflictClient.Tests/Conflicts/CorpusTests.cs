using ConflictClient.Conflicts;
using ConflictClient.Tests.Support;
using Polly;

namespace ConflictClient.Tests.Conflicts;

/// <summary>
/// Real conflict responses, recorded from the public docs and SDKs of the APIs that send them (each record links its
/// source), classified by the defaults: the expected kind is what the response means, not what the code does.
/// </summary>
public sealed class CorpusTests
{
    public static TheoryData<string> Records() => [.. RecordedConflict.All.Select(RecordedConflict.NameOf)];

    [Theory]
    [MemberData(nameof(Records))]
    public void Classify_RecordedResponse_IsWhatItMeans(string name)
    {
        using var recorded = RecordedConflict.Named(name);
        var args = recorded.Arguments(ResilienceContextPool.Shared.Get(TestContext.Current.CancellationToken));

        var kind = ConflictClassifier.Classify(args, []);

        Assert.True(
            recorded.Expected == kind,
            $"{name}: classified {kind}, expected {recorded.Expected} ({recorded.Record.GetProperty("why").GetString()}); code {args.ErrorCode}, words [{args.ServerError.Words}]; source {recorded.Record.GetProperty("source").GetString()}");
    }

    [Fact]
    public void Corpus_IsLargeAndWide()
    {
        var records = RecordedConflict.All;

        Assert.True(records.Count >= 60, $"{records.Count} records");
        Assert.True(records.Select(r => r.GetProperty("api").GetString()).Distinct().Count() >= 25);
        Assert.All(records, r => Assert.StartsWith("http", r.GetProperty("source").GetString(), StringComparison.Ordinal));
        Assert.Equal(records.Count, records.Select(RecordedConflict.NameOf).Distinct().Count());
    }
}
