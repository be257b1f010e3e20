using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConflictClient.Http;

/// <summary>
/// Reading JSON a server (or a caller) sent, strictly: a body with duplicate member names or with a string that is not
/// valid Unicode (a lone surrogate escape such as <c>"\ud800"</c>) is refused with a <see cref="JsonException"/>, like
/// malformed text. Such a body would read differently to different parsers, or fail when written back.
/// </summary>
internal static class UntrustedJson
{
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    /// <summary>
    /// Whether <paramref name="failure"/> comes from reading untrusted JSON leniently: malformed text (<see cref="JsonException"/>),
    /// an invalid string such as a lone surrogate escape (<see cref="InvalidOperationException"/>), or duplicate member
    /// names (<see cref="ArgumentException"/>, from <c>JsonNode</c>).
    /// </summary>
    public static bool IsReadFailure(Exception failure) => failure is JsonException or InvalidOperationException or ArgumentException or FormatException;

    /// <summary>Parses <paramref name="utf8"/> strictly into a tree the caller may change.</summary>
    /// <exception cref="JsonException">The text is malformed, repeats a member name, or holds an invalid string.</exception>
    public static JsonNode? ParseNode(ReadOnlyMemory<byte> utf8)
    {
        Validate(utf8.Span);
        return JsonNode.Parse(utf8.Span, documentOptions: Strict);
    }

    /// <summary>Parses <paramref name="utf8"/> strictly into a read-only document.</summary>
    /// <exception cref="JsonException">The text is malformed, repeats a member name, or holds an invalid string.</exception>
    public static JsonDocument ParseDocument(ReadOnlyMemory<byte> utf8)
    {
        Validate(utf8.Span);
        return JsonDocument.Parse(utf8, Strict);
    }

    /// <summary>Checks <paramref name="utf8"/> as <see cref="ParseDocument"/> would, before another reader (a serializer) reads it.</summary>
    /// <exception cref="JsonException">The text is malformed, repeats a member name, or holds an invalid string.</exception>
    public static void Check(ReadOnlyMemory<byte> utf8) => ParseDocument(utf8).Dispose();

    /// <summary>Checks that every string and member name is valid Unicode; duplicate names are refused by the parse itself.</summary>
    /// <exception cref="JsonException">A string holds an invalid escape or invalid UTF-8, or the text is malformed.</exception>
    public static void Validate(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = Strict.MaxDepth });
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName) ||
                (!reader.ValueIsEscaped && !reader.HasValueSequence && Ascii.IsValid(reader.ValueSpan)))
            {
                continue;
            }

            try
            {
                _ = reader.GetString();
            }
            catch (InvalidOperationException e)
            {
                throw new JsonException($"The JSON holds a string that is not valid Unicode (a lone surrogate escape or invalid UTF-8) near byte {reader.TokenStartIndex}.", e);
            }
        }
    }
}
