using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConflictClient.Merging;

/// <summary>Turns a base passed with a request (<c>ConflictRequestOptions.Base</c>) into UTF-8 JSON.</summary>
internal static class MergeBase
{
    /// <summary>The base as UTF-8 JSON; null for none.</summary>
    /// <exception cref="InvalidOperationException">The value cannot be serialized with <paramref name="serializerOptions"/>.</exception>
    public static byte[]? ToUtf8(object? value, JsonSerializerOptions serializerOptions)
    {
        if (value is null)
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
