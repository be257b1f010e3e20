using System.Text.Json.Nodes;

namespace ConflictClient.Tests.Oracles;

/// <summary>
/// An independent RFC 6901 (JSON Pointer) evaluator, written from the RFC text only.
/// </summary>
internal static class RfcPointer
{
    /// <summary>
    /// Splits <paramref name="text"/> into decoded reference tokens (RFC 6901 §3, §4).
    /// "" is the whole document (zero tokens); any other pointer starts with '/';
    /// '~' must be followed by '0' or '1'.
    /// </summary>
    public static bool TryParse(string text, out IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        tokens = [];
        if (text.Length == 0)
        {
            return true;
        }

        if (text[0] != '/')
        {
            return false;
        }

        var result = new List<string>();
        foreach (var raw in text[1..].Split('/'))
        {
            if (!IsWellFormedToken(raw))
            {
                return false;
            }

            // §4: first '~1' -> '/', then '~0' -> '~' (so "~01" becomes "~1", not "/").
            result.Add(raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
        }

        tokens = result;
        return true;
    }

    /// <summary>
    /// Evaluates <paramref name="pointer"/> against <paramref name="document"/> (RFC 6901 §4).
    /// True when the location exists; a present JSON null gives true with a null value.
    /// </summary>
    public static bool TryEvaluate(JsonNode? document, string pointer, out JsonNode? value)
    {
        value = null;
        return TryParse(pointer, out var tokens) && TryEvaluate(document, tokens, tokens.Count, out value);
    }

    /// <summary>Evaluates the first <paramref name="count"/> tokens against <paramref name="document"/>.</summary>
    public static bool TryEvaluate(JsonNode? document, IReadOnlyList<string> tokens, int count, out JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        value = null;
        var current = document;
        for (var i = 0; i < count; i++)
        {
            var token = tokens[i];
            switch (current)
            {
                case JsonObject obj:
                    if (!TryGetMember(obj, token, out current))
                    {
                        return false;
                    }

                    break;
                case JsonArray array:
                    // "-" names the (nonexistent) element after the last, so it never resolves.
                    if (!TryParseArrayIndex(token, out var index) || index >= array.Count)
                    {
                        return false;
                    }

                    current = array[index];
                    break;
                default:
                    // A scalar or null has no children.
                    return false;
            }
        }

        value = current;
        return true;
    }

    /// <summary>
    /// Finds the member named exactly <paramref name="name"/>: same code points, no case folding
    /// or normalization (RFC 6901 §4), whatever options the <see cref="JsonObject"/> was built with.
    /// </summary>
    public static bool TryGetMember(JsonObject obj, string name, out JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(obj);
        foreach (var (key, member) in obj)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                value = member;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>Encodes a member name as a reference token: '~' to "~0" first, then '/' to "~1".</summary>
    public static string Escape(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
    }

    /// <summary>
    /// True when <paramref name="token"/> matches RFC 6901's
    /// <c>array-index = %x30 / ( %x31-39 *(%x30-39) )</c>. An index too large for
    /// <see cref="int"/> is still an index; it gets <see cref="int.MaxValue"/>, which
    /// no array reaches.
    /// </summary>
    public static bool TryParseArrayIndex(string token, out int index)
    {
        ArgumentNullException.ThrowIfNull(token);
        index = 0;
        if (token.Length == 0 || (token[0] == '0' && token.Length > 1))
        {
            return false;
        }

        long value = 0;
        foreach (var c in token)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = Math.Min((value * 10) + (c - '0'), int.MaxValue);
        }

        index = (int)value;
        return true;
    }

    /// <summary>True when the first list is a proper prefix of the second (token-wise).</summary>
    public static bool IsProperPrefix(IReadOnlyList<string> prefix, IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(tokens);
        if (prefix.Count >= tokens.Count)
        {
            return false;
        }

        for (var i = 0; i < prefix.Count; i++)
        {
            if (!string.Equals(prefix[i], tokens[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsWellFormedToken(string raw)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '~')
            {
                continue;
            }

            if (i + 1 >= raw.Length || (raw[i + 1] != '0' && raw[i + 1] != '1'))
            {
                return false;
            }

            i++;
        }

        return true;
    }
}
