using System.Net;
using Polly;
using Polly.Retry;

namespace ConflictClient.Benchmarks.Contention;

/// <summary>
/// The peers, as a user would write them without ConflictClient, over a plain Refit client: read-modify-write, and on
/// 412 read again and retry. Each returns whether the increment was applied.
/// </summary>
public sealed class PeerLoops(IItemApi api, string path, Workload workload, Random random, (Item State, string ETag) read)
{
    private Item? _state = read.State;
    private string? _etag = read.ETag;

    /// <summary>client-go's <c>wait.Backoff{Steps: 5, Duration: 10ms, Factor: 1.0, Jitter: 0.1}</c>, as <c>retry.DefaultRetry</c>.</summary>
    public async Task<bool> RetryOnConflictAsync()
    {
        for (var step = 1; ; step++)
        {
            if (await TryIncrementAsync(fresh: step > 1))
            {
                return true;
            }

            if (step == 5)
            {
                return false; // ErrWaitTimeout: the conflict is returned to the caller
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10 * (1 + (0.1 * Jitter()))));
        }
    }

    /// <summary>A Polly retry with exponential full jitter: wait uniform(0, min(1 s, 10 ms × 2^attempt)).</summary>
    public static ResiliencePipeline<bool> FullJitterPipeline(Random random) => new ResiliencePipelineBuilder<bool>()
        .AddRetry(new RetryStrategyOptions<bool>
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is false),
            MaxRetryAttempts = 49, // the same attempt budget as ConflictClient's default: 50 writes in all
            DelayGenerator = args =>
            {
                double next;
                lock (random)
                {
                    next = random.NextDouble();
                }

                return ValueTask.FromResult<TimeSpan?>(TimeSpan.FromMilliseconds(next * Math.Min(1000, 10 * Math.Pow(2, args.AttemptNumber))));
            },
        })
        .Build();

    public async Task<bool> FullJitterAsync(ResiliencePipeline<bool> pipeline)
    {
        var attempt = 0;
        return await pipeline.ExecuteAsync(async _ => await TryIncrementAsync(fresh: attempt++ > 0));
    }

    private async Task<bool> TryIncrementAsync(bool fresh)
    {
        if (fresh || workload == Workload.ReadThenWrite || _state is null)
        {
            using var read = await api.GetAsync("counters", path);
            (_state, _etag) = (read.Content!, read.Headers!.ETag!.ToString());
        }

        using var write = await api.PutAsync("counters", path, _state with { Count = _state.Count + 1 }, _etag!);
        if (write.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            _state = null;
            return false;
        }

        (_state, _etag) = (write.Content!, write.Headers!.ETag!.ToString());
        return true;
    }

    private double Jitter()
    {
        lock (random)
        {
            return random.NextDouble();
        }
    }
}
