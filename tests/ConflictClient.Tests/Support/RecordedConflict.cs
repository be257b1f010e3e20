using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ConflictClient.Conflicts;
using ConflictClient.Http;
using Polly;

namespace ConflictClient.Tests.Support;

/// <summary>
/// One conflict response recorded from a public API's docs or SDK (<c>Conflicts/Corpus/*.json</c>), with the request it
/// answered, rebuilt as the messages and classification arguments the strategy would see.
/// </summary>
internal sealed class RecordedConflict : IDisposable
{
    private RecordedConflict(JsonElement record)
    {
        Record = record;
        var request = record.GetProperty("request");
        var response = record.GetProperty("response");
        Status = (HttpStatusCode)response.GetProperty("status").GetInt32();
        Request = new HttpRequestMessage(new HttpMethod(request.GetProperty("method").GetString()!), new Uri(new Uri("http://api.test"), request.GetProperty("path").GetString()));
        foreach (var header in request.GetProperty("headers").EnumerateObject())
        {
            Request.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString());
        }

        Response = new HttpResponseMessage(Status);
        MediaTypeHeaderValue? contentType = null;
        foreach (var header in response.GetProperty("headers").EnumerateObject())
        {
            if (header.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                // As HttpClient does: a Content-Type that does not parse (charset: utf-8) reads as none.
                contentType = MediaTypeHeaderValue.TryParse(header.Value.GetString(), out var parsed) ? parsed : null;
            }
            else
            {
                Response.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString());
            }
        }

        Body = response.GetProperty("body") is { ValueKind: JsonValueKind.String } text
            ? new Representation(Status, Encoding.UTF8.GetBytes(text.GetString()!), contentType, null)
            : null;
        if (request.TryGetProperty("body", out var requestBody) && requestBody.ValueKind == JsonValueKind.String)
        {
            Request.Content = new StringContent(requestBody.GetString()!, Encoding.UTF8, "application/json");
        }
    }

    public JsonElement Record { get; }

    public string Name => NameOf(Record);

    public string Api => Record.GetProperty("api").GetString()!;

    public ConflictKind Expected => Enum.Parse<ConflictKind>(ExpectedText);

    /// <summary>Gets what the response means, as recorded (the held-out set also says <c>Contention</c>: run again from a fresh read).</summary>
    public string ExpectedText => Record.GetProperty("expected").GetString()!;

    /// <summary>Gets where the write carried its version: header, body, query, create-only or none.</summary>
    public string Versioned => Record.GetProperty("request").GetProperty("versioned").GetString()!;

    /// <summary>Gets whether the resource's version had moved since the one the write carried (the probe's finding), when recorded.</summary>
    public bool? VersionChanged => Record.TryGetProperty("versionChanged", out var changed) && changed.ValueKind is JsonValueKind.True or JsonValueKind.False ? changed.GetBoolean() : null;

    public HttpStatusCode Status { get; }

    public HttpRequestMessage Request { get; }

    public HttpResponseMessage Response { get; }

    public Representation? Body { get; }

    /// <summary>Gets every recorded conflict, from every corpus file.</summary>
    public static IReadOnlyList<JsonElement> All { get; } = Load("Corpus");

    /// <summary>Gets the held-out set: gathered by researchers who never read the classifier, and not tuned to.</summary>
    public static IReadOnlyList<JsonElement> HeldOut { get; } = Load("HeldOut");

    /// <summary>Gets the second held-out set (sets C and D), gathered while the classifier was being rebuilt and measured before it changed.</summary>
    public static IReadOnlyList<JsonElement> HeldOut2 { get; } = Directory.Exists(Path.Combine(AppContext.BaseDirectory, "Conflicts", "HeldOut2")) ? Load("HeldOut2") : [];

    public static string NameOf(JsonElement record) => $"{record.GetProperty("api").GetString()}: {record.GetProperty("scenario").GetString()}";

    public static RecordedConflict Named(string name) => new(All.Single(r => NameOf(r) == name));

    public static RecordedConflict Of(JsonElement record) => new(record);

    private static JsonElement[] Load(string folder) =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Conflicts", folder), "*.json")
            .Order(StringComparer.Ordinal)
            .SelectMany(file => JsonDocument.Parse(File.ReadAllText(file)).RootElement.EnumerateArray())];

    /// <summary>
    /// What the classifier sees. A version in a header, the body or the query makes the write conditional; a
    /// create-only write says "only if absent", through If-None-Match or its API's own way (marked as a profile would).
    /// </summary>
    public ConflictClassificationArguments Arguments(ResilienceContext context)
    {
        var versioned = Record.GetProperty("request").GetProperty("versioned").GetString();
        return new ConflictClassificationArguments(
            context, Request, Status, ProblemDetailsReader.TryRead(Body), Response.Headers.RetryAfter is not null,
            isConditional: versioned is "header" or "body" or "query", ErrorVocabulary.Read(Body, Response.Headers.NonValidated), isCreateOnly: versioned == "create-only");
    }

    public void Dispose()
    {
        Request.Dispose();
        Response.Dispose();
    }
}
