using System.Diagnostics;
using System.Globalization;
using ConflictClient.Json;

namespace ConflictClient.Benchmarks;

/// <summary>
/// P5 as paired ratios: the floor and ConflictClient's merge run back to back, rounds times, and each round gives one
/// ratio; the median of those is the figure. On a VM whose speed drifts within a run, a ratio of neighbours is steadier
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
                var started = Stopwatch.GetTimestamp();
                MergeContenders.Floor(b, l, r);
                var between = Stopwatch.GetTimestamp();
                MergeContenders.ThreeWay(b, l, r, options);
                (floor[i], merge[i]) = (Stopwatch.GetElapsedTime(started, between).TotalMilliseconds, Stopwatch.GetElapsedTime(between).TotalMilliseconds);
                ratios[i] = merge[i] / floor[i];
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: floor {Median(floor):0.00} ms, ConflictClient {Median(merge):0.00} ms (medians of {rounds}); median paired ratio {Median(ratios):0.000}"));
        }

        return 0;
    }

    private static double Median(double[] values) => values.Order().ElementAt(values.Length / 2);
}
