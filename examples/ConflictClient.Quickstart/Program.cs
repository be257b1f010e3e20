using ConflictClient.Conflicts;
using ConflictClient.Merging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Refit;

var builder = Host.CreateApplicationBuilder(args);
builder.Services
    .AddRefitGeneratedClient<ITodoApi>(new RefitSettings().UseConflictExceptions())
    .ConfigureHttpClient(c => c.BaseAddress = new Uri("https://todo.example"))
    .AddConflictResolution(options =>
    {
        // On 409/412: re-fetch, keep the server's fields, re-apply mine, retry with the fresh ETag.
        options.MergeStrategy = MergeStrategy.Custom<Todo>(args =>
            ValueTask.FromResult(args.Merged(args.Remote with { Done = args.Local.Done })));
        options.MaxAttempts = 5;
    })
    .AddStandardResilienceHandler(); // transient retries run inside each attempt

using var host = builder.Build();
await host.StartAsync(); // invalid options fail here, not at the first request

var api = host.Services.GetRequiredService<ITodoApi>();
using var read = await api.GetAsync(1);
try
{
    var saved = await api.UpdateAsync(1, read.Content! with { Done = true }, read.Headers!.ETag!.ToString());
    Console.WriteLine($"Saved: {saved}");
}
catch (ConflictException e)
{
    // Attempts spent, merge gave up, version token missing...: e.Reason says which, e.RemoteContent has the server's state.
    Console.WriteLine($"{e.Reason}: {e.Message}");
}

public sealed record Todo(int Id, string Title, bool Done);

public interface ITodoApi
{
    [Get("/todos/{id}")]
    Task<ApiResponse<Todo>> GetAsync(int id);

    [Put("/todos/{id}")]
    Task<Todo> UpdateAsync(int id, [Body] Todo todo, [Header("If-Match")] string ifMatch);
}
