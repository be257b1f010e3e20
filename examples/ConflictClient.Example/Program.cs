using ConflictClient.Conflicts;
using ConflictClient.Example;
using ConflictClient.Merging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Refit;

// Several editors add cards to one board at the same time. Each write carries the ETag it read; when another editor
// got there first the server answers 412, and ConflictClient re-fetches the board, merges (keep every card), and retries.
const int Editors = 6;
const int CardsPerEditor = 10;

await using var server = await BoardServer.StartAsync();
var conflicts = 0;

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Services.AddRefitGeneratedClient<IBoardApi>(new RefitSettings().UseConflictExceptions())
    .ConfigureHttpClient(c => c.BaseAddress = server.BaseAddress)
    .AddConflictResolution(options =>
    {
        options.MaxAttempts = 20;
        options.MergeStrategy = MergeStrategy.Custom<Board>(args =>
            ValueTask.FromResult(args.Merged(args.Remote with { Cards = [.. args.Remote.Cards.Union(args.Local.Cards)] })));
        options.OnConflict = _ =>
        {
            Interlocked.Increment(ref conflicts);
            return ValueTask.CompletedTask;
        };
    })
    .AddStandardResilienceHandler();

using var host = builder.Build();
await host.StartAsync(); // options are validated here: a misconfiguration fails at start-up, not at the first write
var api = host.Services.GetRequiredService<IBoardApi>();

Console.WriteLine($"ConflictClient example: {Editors} editors x {CardsPerEditor} cards on one board, server {server.BaseAddress}");

var results = await Task.WhenAll(Enumerable.Range(1, Editors).Select(editor => Task.Run(async () =>
{
    var retried = 0;
    for (var card = 1; card <= CardsPerEditor; card++)
    {
        using var read = await api.GetAsync(1);
        var board = read.Content ?? throw new InvalidOperationException($"GET /boards/1 answered {read.StatusCode}.");
        using var scope = ConflictResolutionScope.Begin();
        await api.PutAsync(1, board with { Cards = [.. board.Cards, $"editor {editor} / card {card}"] }, read.Headers?.ETag?.ToString() ?? throw new InvalidOperationException("GET /boards/1 sent no ETag."));
        retried += scope.Conflicts;
    }

    return (Editor: editor, Conflicts: retried);
})));

foreach (var (editor, editorConflicts) in results)
{
    Console.WriteLine($"  editor {editor}: {CardsPerEditor} cards written, {editorConflicts} conflicts resolved by merge and retry");
}

var final = server.Snapshot()["cards"]!.AsArray().Select(c => c!.GetValue<string>()).ToHashSet();
var expected = Enumerable.Range(1, Editors).SelectMany(e => Enumerable.Range(1, CardsPerEditor).Select(c => $"editor {e} / card {c}"));
var lost = expected.Count(card => !final.Contains(card));

Console.WriteLine($"Writes applied: {server.AppliedWrites}; rejected as stale (412): {server.RejectedWrites}; conflicts seen by clients: {conflicts}");
Console.WriteLine($"Reads (editors' GETs and re-fetches): {server.Reads}");
Console.WriteLine($"Final board: version {server.Version}, {final.Count} cards");
Console.WriteLine($"Lost updates: {lost}");
await host.StopAsync();
return lost == 0 ? 0 : 1;
