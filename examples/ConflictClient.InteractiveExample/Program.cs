using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Reporting;
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
services.AddRefitGeneratedClient<IContactApi>(new RefitSettings().UseConflictExceptions())
    .ConfigureHttpClient(c => c.BaseAddress = new Uri("http://contacts.example"))
    .ConfigurePrimaryHttpMessageHandler(server.CreateHandler)
    .AddConflictResolution(options => options.MergeStrategy = MergeStrategy.ThreeWay()); // fields changed by one side merge by themselves
await using var provider = services.BuildServiceProvider();
var api = provider.GetRequiredService<IContactApi>();

using var read = await api.GetAsync(7);
var mine = read.Content!.DeepClone().AsObject();
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
    catch (ConflictException e) when (e.Report is { } report && e.RemoteContent is { } remote)
    {
        Console.WriteLine(report); // headline, then one line per field: what it was, what you wrote, what they wrote
        mine = Resolve(report, mine, JsonNode.Parse(remote)!.AsObject());
        version = e.RemoteVersion.Value; // the server's version: the next save is based on what it has now
    }
}

Console.WriteLine("Not saved: the contact kept changing.");
return 1;

static JsonObject Resolve(ConflictReport report, JsonObject mine, JsonObject theirs)
{
    var choice = Ask("Keep [m]ine, take [t]heirs, or m[e]rge field by field?", "m", "t", "e");
    var resolved = theirs.DeepClone().AsObject();
    foreach (var field in report.Fields.Where(f => f.Mine != f.Was)) // my changes, on top of theirs
    {
        var keepMine = !field.IsConflict || choice == "m"
            || (choice == "e" && Ask($"{field.Label}: yours {field.Mine} or theirs {field.Theirs}? [m/t]", "m", "t") == "m");
        if (keepMine)
        {
            resolved[field.Path[1..]] = mine[field.Path[1..]]?.DeepClone();
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
