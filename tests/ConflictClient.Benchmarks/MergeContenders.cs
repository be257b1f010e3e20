using System.Buffers;
using System.Text.Json;
using ConflictClient.Json;

namespace ConflictClient.Benchmarks;

/// <summary>What the P5 benchmarks compare, from UTF-8 bytes to the merged document serialized.</summary>
public static class MergeContenders
{
    /// <summary>The in-box floor: parse the three documents, two <c>DeepEquals</c>, serialize the result.</summary>
    public static int Floor(byte[] baseJson, byte[] local, byte[] remote)
    {
        using var b = JsonDocument.Parse(baseJson);
        using var l = JsonDocument.Parse(local);
        using var r = JsonDocument.Parse(remote);
        var changed = !JsonElement.DeepEquals(b.RootElement, l.RootElement) | !JsonElement.DeepEquals(b.RootElement, r.RootElement);
        var buffer = new ArrayBufferWriter<byte>(remote.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            r.RootElement.WriteTo(writer);
        }

        return buffer.WrittenCount + (changed ? 1 : 0);
    }

    /// <summary>ConflictClient: parse the three documents and merge them.</summary>
    public static int ThreeWay(byte[] baseJson, byte[] local, byte[] remote, JsonMergeOptions options)
    {
        using var b = JsonDocument.Parse(baseJson);
        using var l = JsonDocument.Parse(local);
        using var r = JsonDocument.Parse(remote);
        return JsonMerge.ThreeWay(b.RootElement, l.RootElement, r.RootElement, options).Utf8Json.Length;
    }
}
