using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ConflictClient.Json;
using ConflictClient.Merging;
using JsonDiffPatchDotNet;
using Newtonsoft.Json.Linq;

namespace ConflictClient.Benchmarks;

/// <summary>
/// Three-way merge of two one-change edits, against (a) the in-box floor: parse the three documents, two DeepEquals,
/// serialize the result; (b) JsonDiffPatch.Net: Diff(base, local), then Patch onto remote.
/// </summary>
[MemoryDiagnoser]
public class ThreeWayMergeBenchmarks
{
    private readonly JsonDiffPatch _diffPatch = new();
    private readonly JsonMergeOptions _options = new();
    private byte[] _base = [];
    private byte[] _local = [];
    private byte[] _remote = [];
    private string _baseText = string.Empty;
    private string _localText = string.Empty;
    private string _remoteText = string.Empty;

    [Params(1_024, 100 * 1_024, 1_024 * 1_024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_base, _local, _remote) = MergeDocuments.Create(Size);
        (_baseText, _localText, _remoteText) = (Text(_base), Text(_local), Text(_remote));
        _options.At("/items").MergeByKey("id");

        // The contenders must agree, or the comparison means nothing.
        using var b = JsonDocument.Parse(_base);
        using var l = JsonDocument.Parse(_local);
        using var r = JsonDocument.Parse(_remote);
        var merged = JsonMerge.ThreeWay(b.RootElement, l.RootElement, r.RootElement, _options);
        var patched = JsonDiffPatchNet();
        if (merged.Conflicts.Count != 0 || !JsonElement.DeepEquals(JsonDocument.Parse(merged.Utf8Json).RootElement, JsonDocument.Parse(patched).RootElement))
        {
            throw new InvalidOperationException("ConflictClient and JsonDiffPatch.Net disagree on the merge.");
        }
    }

    [Benchmark(Baseline = true, Description = "Floor: parse x3, DeepEquals x2, serialize")]
    public int InBoxFloor() => MergeContenders.Floor(_base, _local, _remote);

    [Benchmark(Description = "ConflictClient JsonMerge.ThreeWay")]
    public int ConflictClientThreeWay() => MergeContenders.ThreeWay(_base, _local, _remote, _options);

    [Benchmark(Description = "JsonDiffPatch.Net Diff + Patch")]
    public string JsonDiffPatchNet()
    {
        var b = JToken.Parse(_baseText);
        var l = JToken.Parse(_localText);
        var r = JToken.Parse(_remoteText);
        var patch = _diffPatch.Diff(b, l);
        return _diffPatch.Patch(r, patch).ToString(Newtonsoft.Json.Formatting.None);
    }

    private static string Text(byte[] utf8) => System.Text.Encoding.UTF8.GetString(utf8);
}
