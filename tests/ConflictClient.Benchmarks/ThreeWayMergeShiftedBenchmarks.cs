using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using ConflictClient.Json;

namespace ConflictClient.Benchmarks;

/// <summary>
/// P5, keyed path: a list of about 12,000 items (1 MB) where the local side inserts an item at the front and the remote
/// side edits one near the end, so items are matched by id, not by position. Against the same in-box floor.
/// </summary>
[MemoryDiagnoser]
public class ThreeWayMergeShiftedBenchmarks
{
    private readonly JsonMergeOptions _options = new();
    private byte[] _base = [];
    private byte[] _local = [];
    private byte[] _remote = [];

    [Params(1_024 * 1_024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_base, _local, _remote) = MergeDocuments.CreateShifted(Size);
        _options.At("/items").MergeByKey("id");
        using var b = JsonDocument.Parse(_base);
        using var l = JsonDocument.Parse(_local);
        using var r = JsonDocument.Parse(_remote);
        var merged = JsonNode.Parse(JsonMerge.ThreeWay(b.RootElement, l.RootElement, r.RootElement, _options).Utf8Json.ToArray())!["items"]!.AsArray();
        var remoteItems = JsonNode.Parse(_remote)!["items"]!.AsArray();
        // A keyed merge keeps the server's order and adds the local side's new items after it.
        if (merged.Count != remoteItems.Count + 1 || !merged.Any(i => (string?)i!["id"] == "item-new") ||
            !merged.Any(i => JsonNode.DeepEquals(i, remoteItems[^1])))
        {
            throw new InvalidOperationException("The keyed merge lost the insertion or the remote edit.");
        }
    }

    [Benchmark(Baseline = true, Description = "Floor: parse x3, DeepEquals x2, serialize")]
    public int InBoxFloor() => MergeContenders.Floor(_base, _local, _remote);

    [Benchmark(Description = "ConflictClient JsonMerge.ThreeWay, items matched by id")]
    public int ConflictClientThreeWay() => MergeContenders.ThreeWay(_base, _local, _remote, _options);
}
