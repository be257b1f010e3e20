using System.Diagnostics;
using System.Globalization;
using ConflictClient.Json;

namespace ConflictClient.Benchmarks;

/// <summary>
/// P5 as paired ratios: the floor and ConflictClient's merge run back to back (in turn first), rounds times, and each
/// round gives one ratio; the median of those is the figure, with its quartiles. On a VM whose speed drifts within a run, a ratio of neighbours is steadier
/// than BenchmarkDotNet's ratio of two means measured minutes apart.
/// </summary>
public static class MergePairs
{
    public static int Run(int rounds)
    {
        var options = new JsonMergeOptions();
        options.At("/items").MergeByKey("id");
        foreach (var (name, (b, l, r)) in new[]
        {
            ("1 MB keyed list, items line up", MergeDocuments.Create(1024 * 1024)),
            ("1 MB keyed list, items matched by id", MergeDocuments.CreateShifted(1024 * 1024)),
        })
        {
            for (var i = 0; i < 30; i++)
            {
                MergeContenders.Floor(b, l, r);
                MergeContenders.ThreeWay(b, l, r, options);
            }

            var (floor, merge, ratios) = (new double[rounds], new double[rounds], new double[rounds]);
            for (var i = 0; i < rounds; i++)
            {
                // Which runs first alternates, so a collection one leaves behind is billed to each alike.
                (floor[i], merge[i]) = i % 2 == 0
                    ? (Time(() => MergeContenders.Floor(b, l, r)), Time(() => MergeContenders.ThreeWay(b, l, r, options)))
                    : Swap(Time(() => MergeContenders.ThreeWay(b, l, r, options)), Time(() => MergeContenders.Floor(b, l, r)));
                ratios[i] = merge[i] / floor[i];
            }

            var sorted = ratios.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: floor {Median(floor):0.00} ms, ConflictClient {Median(merge):0.00} ms (medians of {rounds}); " +
                $"paired ratio median {Median(ratios):0.000} (quartiles {sorted[rounds / 4]:0.000}–{sorted[rounds * 3 / 4]:0.000})"));
        }

        return 0;
    }

    private static double Median(double[] values) => values.Order().ElementAt(values.Length / 2);

    private static double Time(Func<int> work)
    {
        var started = Stopwatch.GetTimestamp();
        work();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static (double Floor, double Merge) Swap(double merge, double floor) => (floor, merge);
}
