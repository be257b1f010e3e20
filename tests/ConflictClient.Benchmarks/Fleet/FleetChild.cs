using System.Diagnostics;
using System.Globalization;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace ConflictClient.Benchmarks.Fleet;

/// <summary>
/// One app instance of the fleet, in its own process: W concurrent callers of the instance's one client (as an app
/// registers it: group commit on, default options) increment the counter from the last state each saw, with Redis
/// turns when a Redis configuration is given.
/// Protocol on stdout: "ready" once every client has read the counter, then (after "go" on stdin) one "lat ms" line per
/// call and one "fail reason" line per failed call, then "done".
/// </summary>
public static class FleetChild
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (baseAddress, redis, writers, increments, path, firstWriter) =
            (new Uri(args[1]), args[2] == "-" ? null : args[2], Int(args[3]), Int(args[4]), args[5], Int(args[6]));
        using var turns = new TurnCounter();
        await using var provider = Services(baseAddress, redis, firstWriter / Math.Max(1, writers));
        var calls = await Task.WhenAll(Enumerable.Range(0, writers).Select(async _ =>
        {
            var api = provider.GetRequiredService<IItemApi>();
            using var first = await api.GetAsync("counters", path);
            return (Api: api, State: first.Content!, ETag: (string?)first.Headers!.ETag!.ToString());
        }));
        Console.Out.WriteLine("ready");
        await Console.Out.FlushAsync();
        _ = await Console.In.ReadLineAsync(); // "go"

        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await Task.WhenAll(calls.Select(call => Task.Run(async () =>
        {
            var last = (call.State, call.ETag);
            for (var i = 0; i < increments; i++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var result = await Reapply.UpdateAsync(call.Api, last.State, last.ETag, PutAsync(path), item => item with { Count = item.Count + 1 });
                    last = (result.Value, result.EntityTag);
                }
                catch (ConflictException e)
                {
                    lines.Enqueue($"fail {e.Reason}");
                }
                finally
                {
                    lines.Enqueue(string.Create(CultureInfo.InvariantCulture, $"lat {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0.000}"));
                }
            }
        })));
        foreach (var line in lines)
        {
            Console.Out.WriteLine(line);
        }

        Console.Out.WriteLine($"turns {turns}");
        Console.Out.WriteLine("done");
        await Console.Out.FlushAsync();
        return 0;
    }

    private static Func<IItemApi, Item, string?, ReapplyRequest, Task<Item>> PutAsync(string path) => async (api, item, etag, reapply) =>
    {
        using var response = await api.PutAsync("counters", path, item, etag!, reapply);
        return response.Content ?? throw response.Error!;
    };

    private static ServiceProvider Services(Uri baseAddress, string? redis, int instance)
    {
        var services = new ServiceCollection();
        var client = services.AddRefitGeneratedClient<IItemApi>(new RefitSettings().UseConflictExceptions())
            .ConfigureHttpClient(c =>
            {
                c.BaseAddress = baseAddress;
                c.DefaultRequestHeaders.Add("X-Writer", instance.ToString(CultureInfo.InvariantCulture));
            })
            .AddConflictResolution(o => o.MergeStrategy = MergeStrategy.Fail);
        if (redis is not null)
        {
            client.AddRedisConflictTurns(o => o.Configuration = redis);
        }

        return services.BuildServiceProvider();
    }

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);
}
