using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ConflictClient.Benchmarks.Fleet;

/// <summary>Counts this process's requests for a turn by result, from the package's meter.</summary>
public sealed class TurnCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, int> _results = new(StringComparer.Ordinal);

    public TurnCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "ConflictClient.Redis")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "conflictclient.turn.result")
                {
                    _results.AddOrUpdate((string)tag.Value!, 1, (_, n) => n + 1);
                }
            }
        });
        _listener.Start();
    }

    public override string ToString() => string.Join(",", _results.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}={r.Value}"));

    public void Dispose() => _listener.Dispose();
}
