using ConflictClient.Conflicts;
using ConflictClient.Merging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Refit;

namespace ConflictClient.Example;

/// <summary>What a run of <see cref="BoardDemo"/> ended with.</summary>
public sealed record BoardDemoResult(int AppliedWrites, int RejectedWrites, int Conflicts, int Cards, int LostUpdates);

/// <summary>
/// Several editors add cards to one board at the same time. Each write carries the ETag it read; when another editor
/// got there first the server answers 412, and ConflictClient re-fetches the board, merges (keep every card), and retries.
/// </summary>
public static class BoardDemo
{
    public static async Task<BoardDemoResult> RunAsync(int editors, int cardsPerEditor, TextWriter output)
    {
        await using var server = await BoardServer.StartAsync();
        var conflicts = 0;

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddRefitGeneratedClient<IBoardApi>(new RefitSettings(new SystemTextJsonContentSerializer(BoardJson.Default.Options)).UseConflictExceptions())
            .ConfigureHttpClient(c => c.BaseAddress = server.BaseAddress)
            .AddConflictResolution(options =>
            {
                options.Retry.MaxAttempts = 20;
                options.MergeStrategy = MergeStrategy.Custom<Board>(args =>
                    ValueTask.FromResult(args.Merged(args.Remote with { Cards = [.. args.Remote.Cards.Union(args.Local.Cards)] })), BoardJson.Default.Options);
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

        output.WriteLine($"ConflictClient example: {editors} editors x {cardsPerEditor} cards on one board, server {server.BaseAddress}");
        var perEditor = await Task.WhenAll(Enumerable.Range(1, editors).Select(editor => Task.Run(() => EditAsync(api, editor, cardsPerEditor))));
        foreach (var (editor, editorConflicts) in perEditor)
        {
            output.WriteLine($"  editor {editor}: {cardsPerEditor} cards written, {editorConflicts} conflicts resolved by merge and retry");
        }

        var final = server.Snapshot()["cards"]!.AsArray().Select(c => c!.GetValue<string>()).ToHashSet();
        var lost = Enumerable.Range(1, editors)
            .SelectMany(e => Enumerable.Range(1, cardsPerEditor).Select(c => CardName(e, c)))
            .Count(card => !final.Contains(card));

        output.WriteLine($"Writes applied: {server.AppliedWrites}; rejected as stale (412): {server.RejectedWrites}; conflicts seen by clients: {conflicts}");
        output.WriteLine($"Reads (editors' GETs and re-fetches): {server.Reads}");
        output.WriteLine($"Final board: version {server.Version}, {final.Count} cards");
        output.WriteLine($"Lost updates: {lost}");
        await host.StopAsync();
        return new BoardDemoResult(server.AppliedWrites, server.RejectedWrites, conflicts, final.Count, lost);
    }

    private static async Task<(int Editor, int Conflicts)> EditAsync(IBoardApi api, int editor, int cards)
    {
        var conflicts = 0;
        for (var card = 1; card <= cards; card++)
        {
            using var read = await api.GetAsync(1);
            var board = read.Content ?? throw new InvalidOperationException($"GET /boards/1 answered {read.StatusCode}.");
            var etag = read.Headers?.ETag?.ToString() ?? throw new InvalidOperationException("GET /boards/1 sent no ETag.");
            var result = new ConflictWriteResult();
            await api.PutAsync(1, board with { Cards = [.. board.Cards, CardName(editor, card)] }, etag, result);
            conflicts += result.Conflicts;
        }

        return (editor, conflicts);
    }

    private static string CardName(int editor, int card) => $"editor {editor} / card {card}";
}
