using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ConflictClient.Merging;
using ConflictClient.Telemetry;
using ConflictClient.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Refit;

// Conflicts as OpenTelemetry sees them: ConflictClient's meter and activity source (and Polly's meter, where the
// strategy's OnConflict events go), exported to the console. Swap AddConsoleExporter for AddOtlpExporter in production.
var server = new VersionedResourceSimulator();
server.Seed("/todos/1", new JsonObject { ["title"] = "Write docs", ["done"] = false });

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning); // the exporters' output, not every request's log line
builder.Services.AddOpenTelemetry()
    .WithMetrics(metrics => metrics.AddMeter(ConflictClientTelemetry.MeterName, "Polly").AddConsoleExporter())
    .WithTracing(tracing => tracing.AddSource(ConflictClientTelemetry.ActivitySourceName).AddConsoleExporter());
builder.Services.AddRefitGeneratedClient<ITodoApi>(new RefitSettings(new SystemTextJsonContentSerializer(TodoJson.Default.Options)).UseConflictExceptions())
    .ConfigureHttpClient(c => c.BaseAddress = new Uri("http://todos.example"))
    .ConfigurePrimaryHttpMessageHandler(server.CreateHandler)
    .AddConflictResolution(options => options.MergeStrategy = MergeStrategy.ThreeWay());

using (var host = builder.Build())
{
    await host.StartAsync();
    var api = host.Services.GetRequiredService<ITodoApi>();
    using var read = await api.GetAsync(1);
    server.WriteDirectly("/todos/1", todo => todo["title"] = "Write the docs"); // someone else's change
    var saved = await api.UpdateAsync(1, read.Content! with { Done = true }, read.Headers!.ETag!.ToString());
    Console.WriteLine($"Saved: {saved}");
    await host.StopAsync();
} // disposing the host flushes the exporters: the activity, then the metrics, are printed above this line's end

return 0;

public sealed record Todo(string Title, bool Done);

/// <summary>The example's JSON, generated at build time: Refit 17 needs it (16.4 takes it too), and it is trim- and AOT-safe.</summary>
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
