using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Testing;
using Microsoft.Extensions.DependencyInjection;
using Refit;

// Two people edit one shopping list at the same time, each from their own app. Ann renames it and adds "milk";
// Bob adds "eggs", ticks off 2 visits and marks it shared. Bob saves second: his write meets 412, and a three-way merge
// against what Bob read keeps both people's changes. Nothing anyone wrote is lost.
var server = new VersionedResourceSimulator();
server.Seed("/lists/1", new JsonObject { ["name"] = "Groceries", ["items"] = new JsonArray("bread"), ["visits"] = 3, ["shared"] = false });

ServiceProvider App() // each person's app: its own client, remembering what it read as the base of a merge
{
    var services = new ServiceCollection();
    services.AddRefitGeneratedClient<IListApi>(new RefitSettings(new SystemTextJsonContentSerializer(ShoppingListJson.Default.Options)).UseConflictExceptions())
        .ConfigureHttpClient(c => c.BaseAddress = new Uri("http://lists.example"))
        .ConfigurePrimaryHttpMessageHandler(server.CreateHandler)
        .AddConflictResolution(options => options.MergeStrategy = MergeStrategy.ThreeWay<ShoppingList>(merge =>
        {
            merge.At(l => l.Items).AsSet();      // both added items: keep every one
            merge.At(l => l.Visits).Additive(); // both counted visits: add both increments
        }, ShoppingListJson.Default.Options));
    return services.BuildServiceProvider();
}

await using var ann = App();
await using var bob = App();
var annApi = ann.GetRequiredService<IListApi>();
var bobApi = bob.GetRequiredService<IListApi>();

using var annRead = await annApi.GetAsync(1);
using var bobRead = await bobApi.GetAsync(1);
var annList = annRead.Content!;
var bobList = bobRead.Content!;

await annApi.PutAsync(1, annList with { Name = "Weekend groceries", Items = [.. annList.Items, "milk"] }, annRead.Headers!.ETag!.ToString());

var result = new ConflictWriteResult();
var saved = await bobApi.PutAsync(1, bobList with { Items = [.. bobList.Items, "eggs"], Visits = bobList.Visits + 2, Shared = true }, bobRead.Headers!.ETag!.ToString(), result);

Console.WriteLine(result.Report);
Console.WriteLine($"Saved: {saved.Name}; items {string.Join(", ", saved.Items)}; visits {saved.Visits}; shared {saved.Shared}");
var everyoneKept = saved is { Name: "Weekend groceries", Visits: 5, Shared: true } && saved.Items.Order().SequenceEqual(["bread", "eggs", "milk"]);
Console.WriteLine(everyoneKept ? "Both people's changes were kept." : "A change was lost.");
return everyoneKept ? 0 : 1;

public sealed record ShoppingList(string Name, List<string> Items, int Visits, bool Shared);

/// <summary>The example's JSON, generated at build time: Refit 17 needs it (16.4 takes it too), and it is trim- and AOT-safe.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ShoppingList))]
public sealed partial class ShoppingListJson : JsonSerializerContext;


public interface IListApi
{
    [Get("/lists/{id}")]
    Task<ApiResponse<ShoppingList>> GetAsync(int id);

    [Put("/lists/{id}")]
    Task<ShoppingList> PutAsync(int id, [Body] ShoppingList list, [Header("If-Match")] string ifMatch, [Property(ConflictRequestOptions.ResultKey)] ConflictWriteResult? result = null);
}
