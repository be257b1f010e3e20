namespace ConflictClient.Benchmarks.Contention;

/// <summary>One row's run: what every call cost and what the server ended with.</summary>
/// <param name="Writes">Increments attempted (calls made).</param>
/// <param name="Failed">Calls that ended in an error, by reason.</param>
/// <param name="Lost">Calls that succeeded but whose increment is not in the final value (negative: applied twice).</param>
/// <param name="SerialPutMs">The serial PUT time t of the same run.</param>
/// <param name="Handovers">How often the counter's writer changed (null for one shared client, whose writers are one).</param>
public sealed record Measurement(int Writers, int Writes, IReadOnlyList<string> Failed, int Lost, long Puts, long Gets, double WallMs, IReadOnlyList<double> LatenciesMs, double SerialPutMs, long? Handovers)
{
    /// <summary>Gets the mean turn: how many increments one writer applied in a row before another writer's.</summary>
    public double? Turn => Handovers is { } handovers ? (Writes - Failed.Count) / (double)(handovers + 1) : null;

    public double PutsPerWrite => Puts / (double)Writes;

    public double GetsPerWrite => Gets / (double)Writes;

    /// <summary>Wall time against the same writes made one after another (Writes × t).</summary>
    public double WallPerSerial => WallMs / (Writes * SerialPutMs);

    /// <summary>A latency percentile in units of N·t: how many rounds of N serial writes a call waited.</summary>
    public double LatencyInRounds(double percentile) => Percentile(LatenciesMs, percentile) / (Writers * SerialPutMs);

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
