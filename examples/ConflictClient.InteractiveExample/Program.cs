using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Testing;
using Microsoft.Extensions.DependencyInjection;
using Refit;

// A person resolves a conflict: you edit a contact while Bob edits it too. Your save meets a conflict that a merge
// cannot settle alone (you both changed the phone), so the app shows what happened, field by field, and asks:
// keep mine, take theirs, or merge field by field. Answers are read from standard input, one per line, so a script
// (or a test) can run it: printf 'e\nm\n' | dotnet run --project examples/ConflictClient.InteractiveExample
var server = new VersionedResourceSimulator();
server.Seed("/contacts/7", new JsonObject { ["name"] = "Ann Lee", ["phone"] = "555-0100", ["email"] = "ann@example.com" });

var services = new ServiceCollection();
services.AddRefitGeneratedClient<IContactApi>(new RefitSettings(new SystemTextJsonContentSerializer(ContactJson.Default.Options)).UseConflictExceptions())
    .ConfigureHttpClient(c => c.BaseAddress = new Uri("http://contacts.example"))
    .ConfigurePrimaryHttpMessageHandler(server.CreateHandler)
    .AddConflictResolution(options => options.MergeStrategy = MergeStrategy.ThreeWay()); // fields changed by one side merge by themselves
await using var provider = services.BuildServiceProvider();
var api = provider.GetRequiredService<IContactApi>();

using var read = await api.GetAsync(7);
var original = read.Content!;
var mine = original.DeepClone().AsObject();
mine["phone"] = "555-0199";
mine["email"] = "ann.lee@example.com";
server.WriteDirectly("/contacts/7", bob => (bob["phone"], bob["name"]) = ("555-0123", "Ann Lee-Smith")); // Bob saves first

var version = read.Headers!.ETag!.ToString();
for (var attempt = 1; attempt <= 3; attempt++)
{
    try
    {
        var saved = await api.PutAsync(7, mine, version);
        Console.WriteLine($"Saved: {saved.ToJsonString()}");
        return 0;
    }
    catch (ConflictException e) when (e.RemoteContent is { } remote)
    {
        // The report is for the person (short values, secrets hidden); the decision is made on the real JSON.
        Console.WriteLine(e.Report?.ToString() ?? e.Message);
        var theirs = JsonNode.Parse(remote)!.AsObject();
        mine = Resolve(original, mine, theirs, e.Report?.Conflicts.Select(f => f.Label).ToList() ?? []);
        (original, version) = (theirs, e.RemoteVersion.Value); // the next save is based on what the server has now
    }
}

Console.WriteLine("Not saved: the contact kept changing.");
return 1;

// A flat document, field by field: my changes go on top of theirs. The person is asked only about the fields the report
// says we both changed to different values; a field only one of us changed needs no one's decision.
static JsonObject Resolve(JsonObject original, JsonObject mine, JsonObject theirs, List<string> conflicting)
{
    var resolved = theirs.DeepClone().AsObject();
    var changedByMe = mine.Select(p => p.Key).Union(original.Select(p => p.Key))
        .Where(name => !JsonNode.DeepEquals(original[name], mine[name])).ToList();
    var choice = conflicting.Count == 0 ? "m" : Ask($"You both changed {string.Join(", ", conflicting)}: keep [m]ine, take [t]heirs, or m[e]rge field by field?", "m", "t", "e");
    foreach (var name in changedByMe)
    {
        var keepMine = !conflicting.Contains(name) || choice == "m"
            || (choice == "e" && Ask($"{name}: yours {mine[name]?.ToJsonString()} or theirs {theirs[name]?.ToJsonString()}? [m/t]", "m", "t") == "m");
        if (keepMine)
        {
            resolved[name] = mine[name]?.DeepClone(); // (a field I removed comes back as null here; a real app would remove it)
        }
    }

    return resolved;
}

static string Ask(string question, params string[] answers)
{
    while (true)
    {
        Console.WriteLine(question);
        var answer = Console.ReadLine()?.Trim().ToLowerInvariant();
        if (answer is null)
        {
            return "t"; // no one is there to answer: keep what the server has
        }

        if (answers.Contains(answer))
        {
            return answer;
        }
    }
}

public interface IContactApi
{
    [Get("/contacts/{id}")]
    Task<ApiResponse<JsonObject>> GetAsync(int id);

    [Put("/contacts/{id}")]
    Task<JsonObject> PutAsync(int id, [Body] JsonObject contact, [Header("If-Match")] string ifMatch);
}

/// <summary>The example's JSON, generated at build time: Refit 17 needs it (16.4 takes it too), and it is trim- and AOT-safe.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(JsonObject))]
public sealed partial class ContactJson : JsonSerializerContext;
