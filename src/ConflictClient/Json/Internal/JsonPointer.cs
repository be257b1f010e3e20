using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ConflictClient.Json;

/// <summary>A parsed JSON Pointer (RFC 6901): reads and writes one location in a <see cref="JsonNode"/> tree.</summary>
internal sealed class JsonPointer
{
    private readonly string[] _segments;

    private JsonPointer(string text, string[] segments)
    {
        Text = text;
        _segments = segments;
    }

    /// <summary>Gets the pointer as written.</summary>
    public string Text { get; }

    /// <summary>Gets the unescaped reference tokens.</summary>
    public IReadOnlyList<string> Segments => _segments;

    /// <summary>Escapes one reference token (RFC 6901: '~' as '~0', '/' as '~1').</summary>
    public static string Escape(string segment) =>
        segment.AsSpan().IndexOfAny('~', '/') < 0 ? segment : segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>Gets the pointer to the whole document (<c>""</c>).</summary>
    public static JsonPointer Root { get; } = new(string.Empty, []);

    /// <summary>Gets a value indicating whether the pointer addresses the whole document.</summary>
    public bool IsRoot => _segments.Length == 0;

    /// <summary>The pointer of <paramref name="segments"/> (unescaped reference tokens).</summary>
    public static JsonPointer FromSegments(IReadOnlyList<string> segments) =>
        segments.Count == 0 ? Root : new JsonPointer(string.Concat(segments.Select(segment => "/" + Escape(segment))), [.. segments]);

    /// <summary>
    /// Parses a pointer (RFC 6901), or explains why it is malformed. The empty pointer <c>""</c> is valid: it addresses
    /// the whole document.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out JsonPointer? pointer, [NotNullWhen(false)] out string? error)
    {
        pointer = null;
        if (text is null)
        {
            error = "a JSON Pointer is required";
            return false;
        }

        if (text.Length == 0)
        {
            pointer = Root;
            error = null;
            return true;
        }

        if (text[0] != '/')
        {
            error = $"'{text}' must start with '/' (RFC 6901), for example '/{text}'";
            return false;
        }

        var raw = text[1..].Split('/');
        var segments = new string[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            if (!TryUnescape(raw[i], out var segment))
            {
                error = $"'{text}' has '~' not followed by '0' or '1' in segment '{raw[i]}' (write '~0' for '~' and '~1' for '/')";
                return false;
            }

            segments[i] = segment;
        }

        pointer = new JsonPointer(text, segments);
        error = null;
        return true;
    }

    /// <summary>Finds the value at the pointer. A JSON <c>null</c> that is present yields <see langword="true"/> and a null node.</summary>
    public bool TryGet(JsonNode? root, out JsonNode? value)
    {
        var current = root;
        foreach (var segment in _segments)
        {
            switch (current)
            {
                case JsonObject obj when obj.TryGetPropertyValue(segment, out var child):
                    current = child;
                    break;
                case JsonArray array when TryIndex(segment, array.Count, out var index) && index < array.Count:
                    current = array[index];
                    break;
                default:
                    value = null;
                    return false;
            }
        }

        value = current;
        return true;
    }

    /// <summary>
    /// Parses a pointer to a member inside the document, such as a version field: as <see cref="TryParse"/>, but the
    /// empty pointer (the whole document) is refused.
    /// </summary>
    public static bool TryParseMember(string? text, [NotNullWhen(true)] out JsonPointer? pointer, [NotNullWhen(false)] out string? error)
    {
        if (!TryParse(text, out pointer, out error))
        {
            return false;
        }

        if (pointer.IsRoot)
        {
            (pointer, error) = (null, "the empty pointer addresses the whole document, not a field inside it");
            return false;
        }

        return true;
    }

    /// <summary>Writes a value at the pointer, creating missing objects on the way.</summary>
    /// <exception cref="InvalidOperationException">The pointer is the whole document, or the path runs through a value that is neither an object nor an array.</exception>
    public void Set(JsonNode root, JsonNode? value)
    {
        if (IsRoot)
        {
            throw new InvalidOperationException("The empty JSON Pointer addresses the whole document, which cannot be written in place.");
        }

        var current = root;
        for (var i = 0; i < _segments.Length; i++)
        {
            var segment = _segments[i];
            var last = i == _segments.Length - 1;
            switch (current)
            {
                case JsonObject obj:
                    if (last)
                    {
                        obj[segment] = value;
                        return;
                    }

                    if (obj[segment] is not { } next)
                    {
                        next = new JsonObject();
                        obj[segment] = next;
                    }

                    current = next;
                    break;
                case JsonArray array when TryIndex(segment, array.Count, out var index):
                    if (last)
                    {
                        if (index == array.Count)
                        {
                            array.Add(value);
                        }
                        else
                        {
                            array[index] = value;
                        }

                        return;
                    }

                    current = index < array.Count ? array[index] : null;
                    break;
                default:
                    throw new InvalidOperationException(
                        $"JSON Pointer '{Text}' cannot be written: segment '{segment}' is not inside an object or array.");
            }
        }
    }

    /// <summary>Removes the member at the pointer, if there is one.</summary>
    public void Remove(JsonNode root)
    {
        if (IsRoot)
        {
            return;
        }

        JsonNode? parent = root;
        for (var i = 0; i < _segments.Length - 1 && parent is not null; i++)
        {
            parent = parent is JsonObject obj ? obj[_segments[i]] : null;
        }

        (parent as JsonObject)?.Remove(_segments[^1]);
    }

    private static bool TryIndex(string segment, int count, out int index)
    {
        index = -1;
        if (segment == "-")
        {
            index = count;
            return true;
        }

        // RFC 6901: array indexes have no leading zeros and no sign.
        if (segment.Length == 0 || (segment.Length > 1 && segment[0] == '0') || !segment.All(char.IsAsciiDigit))
        {
            return false;
        }

        return int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index <= count;
    }

    private static bool TryUnescape(string raw, out string segment)
    {
        if (!raw.Contains('~', StringComparison.Ordinal))
        {
            segment = raw;
            return true;
        }

        var builder = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '~')
            {
                builder.Append(raw[i]);
                continue;
            }

            if (i + 1 >= raw.Length || (raw[i + 1] != '0' && raw[i + 1] != '1'))
            {
                segment = string.Empty;
                return false;
            }

            builder.Append(raw[i + 1] == '0' ? '~' : '/');
            i++;
        }

        segment = builder.ToString();
        return true;
    }
}
