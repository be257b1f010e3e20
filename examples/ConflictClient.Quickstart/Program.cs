using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Refit;

// Stands in for your API (versioned resources with ETags, in memory), so this runs anywhere. With your server, remove
// `todos` and the two lines using it, and set BaseAddress to the server.
var todos = new VersionedResourceSimulator();
todos.Seed("/todos/1", new JsonObject { ["id"] = 1, ["title"] = "Write docs", ["done"] = false });

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services
    .AddRefitGeneratedClient<ITodoApi>(new RefitSettings(new SystemTextJsonContentSerializer(TodoJson.Default.Options)).UseConflictExceptions())
    .ConfigureHttpClient(c => c.BaseAddress = new Uri("http://todos.example"))
    .ConfigurePrimaryHttpMessageHandler(todos.CreateHandler)
    .AddConflictResolution(options =>
    {
        // On 409/412: re-fetch, keep the server's fields, re-apply mine, retry with the fresh ETag.
        options.MergeStrategy = MergeStrategy.Custom<Todo>(
            args => ValueTask.FromResult(args.Merged(args.Remote with { Done = args.Local.Done })), TodoJson.Default.Options);
    })
    .AddStandardResilienceHandler(); // transient retries run inside each attempt

using var host = builder.Build();
await host.StartAsync(); // invalid options fail here, not at the first request

var api = host.Services.GetRequiredService<ITodoApi>();
using var read = await api.GetAsync(1);
await read.EnsureSuccessStatusCodeAsync(); // a failed read says why here, not as a null further down
todos.WriteDirectly("/todos/1", todo => todo["title"] = "Write the docs"); // meanwhile, someone else renames it

try
{
    var saved = await api.UpdateAsync(1, read.Content! with { Done = true }, read.Headers!.ETag!.ToString());
    Console.WriteLine($"Saved: {saved}"); // Saved: Todo { Id = 1, Title = Write the docs, Done = True }
    return 0;
}
catch (ConflictException e)
{
    // Attempts spent, merge gave up, outcome unknown...: e.Reason says which, e.RemoteContent has the server's state.
    Console.WriteLine($"{e.Reason}: {e.Message}");
    return 1;
}

public sealed record Todo(int Id, string Title, bool Done);

// The JSON of Todo, generated at build time: Refit 17 needs it (Refit 16 takes it too), and it is trim- and AOT-safe.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Todo))]
public sealed partial class TodoJson : JsonSerializerContext;

public interface ITodoApi
{
    [Get("/todos/{id}")]
    Task<ApiResponse<Todo>> GetAsync(int id);

    [Put("/todos/{id}")]
    Task<Todo> UpdateAsync(int id, [Body] Todo todo, [Header("If-Match")] string ifMatch);
}
