using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;

namespace ConflictClient.Merging;

/// <summary>Turns a base passed with a request (<see cref="ConflictRequestOptions.Base"/>) into UTF-8 JSON.</summary>
internal static class MergeBase
{
    public static byte[]? FromRequest(HttpRequestMessage request, JsonSerializerOptions serializerOptions)
    {
        if (!request.Options.TryGetValue(ConflictRequestOptions.Base, out var value) || value is null)
        {
            return null;
        }

        return value switch
        {
            byte[] bytes => bytes,
            ReadOnlyMemory<byte> memory => memory.ToArray(),
            string text => Encoding.UTF8.GetBytes(text),
            JsonNode node => Encoding.UTF8.GetBytes(node.ToJsonString()),
            JsonElement element => Encoding.UTF8.GetBytes(element.GetRawText()),
            JsonDocument document => Encoding.UTF8.GetBytes(document.RootElement.GetRawText()),
            _ => JsonSerializer.SerializeToUtf8Bytes(value, JsonDefaults.TypeInfo(value.GetType(), serializerOptions)),
        };
    }
}
