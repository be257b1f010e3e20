using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ConflictClient.Conflicts;
using ConflictClient.Http;
using Polly;

namespace ConflictClient.Tests.Conflicts;

/// <summary>
/// Real conflict responses, recorded from the public docs and SDKs of the APIs that send them (each record links its
/// source), classified by the defaults: the expected kind is what the response means, not what the code does.
/// </summary>
public sealed class CorpusTests
{
    public static TheoryData<string> Records()
    {
        var data = new TheoryData<string>();
        foreach (var record in Load())
        {
            data.Add(Name(record));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Records))]
    public void Classify_RecordedResponse_IsWhatItMeans(string name)
    {
        var record = Load().Single(r => Name(r) == name);
        var request = record.GetProperty("request");
        var response = record.GetProperty("response");
        var status = (HttpStatusCode)response.GetProperty("status").GetInt32();

        using var message = new HttpRequestMessage(new HttpMethod(request.GetProperty("method").GetString()!), new Uri(new Uri("http://api.test"), request.GetProperty("path").GetString()));
        foreach (var header in request.GetProperty("headers").EnumerateObject())
        {
            message.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString());
        }

        using var answer = new HttpResponseMessage(status);
        MediaTypeHeaderValue? contentType = null;
        foreach (var header in response.GetProperty("headers").EnumerateObject())
        {
            if (header.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = MediaTypeHeaderValue.Parse(header.Value.GetString()!);
            }
            else
            {
                answer.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString());
            }
        }

        var body = response.GetProperty("body") is { ValueKind: JsonValueKind.String } text
            ? new Representation(status, Encoding.UTF8.GetBytes(text.GetString()!), contentType, null)
            : null;

        // What the write carried: a version in a header, the body or the query makes it conditional.
        // A create-only write says "only if absent", through If-None-Match or its API's own way (marked as a profile would).
        var versioned = request.GetProperty("versioned").GetString();
        var args = new ConflictClassificationArguments(
            ResilienceContextPool.Shared.Get(TestContext.Current.CancellationToken), message, status, ProblemDetailsReader.TryRead(body), answer.Headers.RetryAfter is not null,
            isConditional: versioned is "header" or "body" or "query", ErrorVocabulary.Read(body, answer.Headers.NonValidated), isCreateOnly: versioned == "create-only");

        var kind = ConflictClassifier.Classify(args, []);

        Assert.True(
            Enum.Parse<ConflictKind>(record.GetProperty("expected").GetString()!) == kind,
            $"{name}: classified {kind}, expected {record.GetProperty("expected").GetString()} ({record.GetProperty("why").GetString()}); code {args.ErrorCode}, words [{args.ServerError.Words}]; source {record.GetProperty("source").GetString()}");
    }

    [Fact]
    public void Corpus_IsLargeAndWide()
    {
        var records = Load();

        Assert.True(records.Count >= 60, $"{records.Count} records");
        Assert.True(records.Select(r => r.GetProperty("api").GetString()).Distinct().Count() >= 25);
        Assert.All(records, r => Assert.StartsWith("http", r.GetProperty("source").GetString(), StringComparison.Ordinal));
        Assert.Equal(records.Count, records.Select(Name).Distinct().Count());
    }

    internal static string Name(JsonElement record) => $"{record.GetProperty("api").GetString()}: {record.GetProperty("scenario").GetString()}";

    internal static List<JsonElement> Load() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Conflicts", "Corpus"), "*.json")
            .Order(StringComparer.Ordinal)
            .SelectMany(file => JsonDocument.Parse(File.ReadAllText(file)).RootElement.EnumerateArray())];
}
