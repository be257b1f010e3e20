using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Outbox;
using ConflictClient.Testing;
using Microsoft.Extensions.DependencyInjection;
using Refit;

// A field app keeps editing notes while its server is down, is closed and opened again, and syncs when the server is
// back. Its writes wait in a SQLite outbox; a colleague who stayed online edits the same notes meanwhile. When the
// server is back, the edits that touch other fields are merged and sent; the one that changed the same field as the
// colleague waits for a person, who settles it. Nothing either of them wrote is lost, and nothing is written twice.
var server = new VersionedResourceSimulator();
server.Seed("/notes/1", new JsonObject { ["title"] = "Pump station", ["text"] = "Check valve", ["tags"] = new JsonArray("site") });
server.Seed("/notes/2", new JsonObject { ["title"] = "Gate 4", ["text"] = "Lock broken", ["tags"] = new JsonArray() });
var outage = new Outage();
var database = Path.Combine(Path.GetTempPath(), $"offline-example-{Guid.NewGuid():N}.db");
var json = new RefitSettings(new SystemTextJsonContentSerializer(NoteJson.Default.Options));

ServiceProvider App()
{
    var services = new ServiceCollection();
    services.AddRefitGeneratedClient<INotesApi>(json)
        .ConfigureHttpClient(c => c.BaseAddress = new Uri("http://notes.example"))
        .ConfigurePrimaryHttpMessageHandler(server.CreateHandler)
        .AddConflictResolution(o => o.MergeStrategy = MergeStrategy.ThreeWay())
        .AddHttpMessageHandler(() => new OutageHandler(outage))
        .AddConflictOutbox(o => (o.DatabasePath, o.SerializerOptions) = (database, NoteJson.Default.Options));
    return services.BuildServiceProvider();
}

// Online: the app reads the notes it will edit. What it read is the base of a later merge, and its ETag the version.
var app = App();
var api = app.GetRequiredService<INotesApi>();
using var note1 = await api.GetAsync(1);
using var note2 = await api.GetAsync(2);
var (read1, etag1) = (note1.Content!, note1.Headers!.ETag!.ToString());
var (read2, etag2) = (note2.Content!, note2.Headers!.ETag!.ToString());

// The server goes down. The app keeps editing: each edit is queued, through the same typed API, durable on return.
outage.Down = true;
var outbox = app.GetConflictOutbox<INotesApi>();
var queue = RestService.ForGenerated<INotesApi>(outbox.CreateEnqueueClient(), json);
var edit1 = read1 with { Title = "Pump station 3" };
await queue.PutAsync(1, edit1, etag1, read1);
await queue.PutAsync(1, edit1 with { Text = "Valve replaced" }, etag1, edit1); // a second edit, made on top of the first
await queue.PutAsync(2, read2 with { Title = "Gate 4 (north)" }, etag2, read2);
Console.WriteLine($"Offline: {await outbox.GetWaitingCountAsync()} edits wait; sending now finds the server {(await outbox.DrainAsync()).Offline switch { true => "down", false => "up" }}.");

// The app is closed and opened again, still offline: the edits are still there.
await app.DisposeAsync();
app = App();
outbox = app.GetConflictOutbox<INotesApi>();
Console.WriteLine($"Restarted: {await outbox.GetWaitingCountAsync()} edits wait.");

// Meanwhile a colleague, online, tags note 1 and renames note 2.
server.WriteDirectly("/notes/1", note => note["tags"]!.AsArray().Add("urgent"));
server.WriteDirectly("/notes/2", note => note["title"] = "Gate 4 (east)");

// The server is back: the outbox sends what waits.
outage.Down = false;
var drained = await outbox.DrainAsync();
Console.WriteLine($"Back online: {drained.Applied} applied, {drained.Parked} waiting for a person.");
foreach (var parked in await outbox.GetParkedAsync())
{
    Console.WriteLine($"Needs you: {parked.Entry.Method} {parked.Entry.RequestUri.AbsolutePath}");
    Console.WriteLine(parked.Report);

    // The person keeps both titles; the body is made from theirs (the server's state), and sent with its version.
    var theirs = JsonNode.Parse(parked.Entry.Remote!.Value.Span)!.AsObject();
    theirs["title"] = "Gate 4 (north-east)";
    await outbox.ResolveAsync(parked.Entry.Id, OutboxResolution.Resend(theirs));
}

drained = await outbox.DrainAsync();
Console.WriteLine($"Settled: {drained.Applied} applied.");
var final1 = server.Current("/notes/1");
var final2 = server.Current("/notes/2");
Console.WriteLine($"Note 1: {final1.ToJsonString()}");
Console.WriteLine($"Note 2: {final2.ToJsonString()}");
await app.DisposeAsync();
File.Delete(database);

var kept = final1["title"]!.GetValue<string>() == "Pump station 3" && final1["text"]!.GetValue<string>() == "Valve replaced"
    && final1["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Contains("urgent") && final2["title"]!.GetValue<string>() == "Gate 4 (north-east)"
    && server.AppliedWrites == 3; // the app's three edits, each written once (the colleague wrote directly)
Console.WriteLine(kept ? "Every edit was kept, each written once." : "An edit was lost or doubled.");
return kept ? 0 : 1;

/// <summary>A simulated outage.</summary>
internal sealed class Outage
{
    public bool Down { get; set; }
}

/// <summary>While the outage lasts, every connection is refused.</summary>
internal sealed class OutageHandler(Outage outage) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        outage.Down ? throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (the server is down)", new SocketException((int)SocketError.ConnectionRefused))
             : base.SendAsync(request, cancellationToken);
}

public sealed record Note(string Title, string Text, List<string> Tags);

/// <summary>The example's JSON, generated at build time (Refit 17 needs it; 16.4 takes it too).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Note))]
public sealed partial class NoteJson : JsonSerializerContext;

public interface INotesApi
{
    [Get("/notes/{id}")]
    Task<ApiResponse<Note>> GetAsync(int id);

    /// <summary>A write; queued through the outbox's client, it is kept with <paramref name="basedOn"/> as the base of a later merge.</summary>
    [Put("/notes/{id}")]
    Task<Note> PutAsync(int id, [Body] Note note, [Header("If-Match")] string ifMatch, [Property(ConflictRequestOptions.BaseKey)] Note? basedOn = null);
}
