using System.Text.Json.Nodes;

namespace ConflictClient.Tests.Support;

/// <summary>Runs writers concurrently against one document; every writer's first read happens before any write.</summary>
public static class ConcurrentWriters
{
    public const int Writers = 8;
    public const int WritesPerWriter = 25;

    /// <summary>Each writer reads the document, changes it with <paramref name="edit"/>, and writes it back conditionally.</summary>
    public static Task RunAsync(IDocumentApi api, string id, Action<JsonObject, int, int> edit) =>
        RunAsync(async (writer, i, firstRoundRead) =>
        {
            using var read = await api.GetWithResponseAsync(id);
            var document = read.Content!;
            edit(document, writer, i);
            await firstRoundRead();
            await api.PutConditionalAsync(id, document, read.Headers!.ETag!.ToString());
        });

    /// <summary>Runs <paramref name="write"/> for each writer and round; it must await the barrier it is given after reading.</summary>
    public static async Task RunAsync(Func<int, int, Func<Task>, Task> write)
    {
        var firstReads = 0;
        var everyoneHasRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task Barrier(int round)
        {
            if (round > 0)
            {
                return Task.CompletedTask;
            }

            if (Interlocked.Increment(ref firstReads) == Writers)
            {
                everyoneHasRead.SetResult();
            }

            return everyoneHasRead.Task;
        }

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < WritesPerWriter; i++)
            {
                var round = i;
                await write(writer, round, () => Barrier(round));
            }
        })));
    }
}
