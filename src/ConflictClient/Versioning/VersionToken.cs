using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConflictClient.Versioning;

/// <summary>
/// The version of a resource as the server states it: an entity tag (<c>ETag</c>) or a version field inside the body.
/// </summary>
/// <remarks>
/// Tokens are kept verbatim: a weak (<c>W/"…"</c>) or unquoted entity tag is sent back exactly as it was received,
/// because servers compare the text they issued, and .NET's typed header parser rejects some of those forms.
/// </remarks>
public readonly struct VersionToken : IEquatable<VersionToken>
{
    private readonly string? _value;

    private VersionToken(string value, bool isNumeric)
    {
        _value = value;
        IsNumeric = isNumeric;
    }

    /// <summary>Gets the token's text exactly as the server sent it; empty when <see cref="IsEmpty"/>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets a value indicating whether no version is known.</summary>
    public bool IsEmpty => _value is null;

    /// <summary>Gets a value indicating whether the token is a JSON number (body versions such as <c>"version": 7</c>).</summary>
    public bool IsNumeric { get; }

    /// <summary>Gets a value indicating whether the token is a weak entity tag (<c>W/"…"</c>).</summary>
    public bool IsWeak => _value is not null && _value.StartsWith("W/", StringComparison.Ordinal);

    /// <summary>Creates a token from an entity tag, kept verbatim (weak, strong or unquoted).</summary>
    /// <param name="entityTag">The <c>ETag</c> header value.</param>
    /// <returns>The token.</returns>
    public static VersionToken FromEntityTag(string entityTag)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entityTag);
        return new VersionToken(entityTag.Trim(), isNumeric: false);
    }

    /// <summary>Creates a token from a string version field.</summary>
    /// <param name="value">The version text.</param>
    /// <returns>The token.</returns>
    public static VersionToken FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new VersionToken(value, isNumeric: false);
    }

    /// <summary>Creates a token from a numeric version field.</summary>
    /// <param name="value">The version number.</param>
    /// <returns>The token.</returns>
    public static VersionToken FromNumber(long value) => new(value.ToString(CultureInfo.InvariantCulture), isNumeric: true);

    /// <summary>Reads a token from a JSON value: a string or a number. Anything else yields <see langword="false"/>.</summary>
    internal static bool TryFromJson(JsonNode? node, out VersionToken token)
    {
        token = default;
        if (node is not JsonValue value)
        {
            return false;
        }

        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                token = new VersionToken(value.GetValue<string>(), isNumeric: false);
                return true;
            case JsonValueKind.Number:
                // The number's own text, so 7, 7.0 and 1e3 round-trip as the server wrote them.
                token = new VersionToken(value.ToJsonString(), isNumeric: true);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Converts the token into the JSON value written into a request body.</summary>
    internal JsonNode ToJsonNode() => IsNumeric ? JsonNode.Parse(Value)! : JsonValue.Create(Value);

    /// <inheritdoc />
    public bool Equals(VersionToken other) =>
        string.Equals(_value, other._value, StringComparison.Ordinal) && IsNumeric == other.IsNumeric;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is VersionToken other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value), IsNumeric);

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The token's text.</returns>
    public override string ToString() => Value;

    /// <summary>Compares two tokens for equality.</summary>
    /// <param name="left">The first token.</param>
    /// <param name="right">The second token.</param>
    /// <returns><see langword="true"/> when both hold the same text and kind.</returns>
    public static bool operator ==(VersionToken left, VersionToken right) => left.Equals(right);

    /// <summary>Compares two tokens for inequality.</summary>
    /// <param name="left">The first token.</param>
    /// <param name="right">The second token.</param>
    /// <returns><see langword="true"/> when the tokens differ.</returns>
    public static bool operator !=(VersionToken left, VersionToken right) => !left.Equals(right);
}
