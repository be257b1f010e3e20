using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConflictClient.Tests.Oracles;

/// <summary>
/// RFC 6902 §4.6 equality, written from the RFC text only: two values are equal when
/// they are of the same JSON type and equal by that type's rule.
/// </summary>
internal static class RfcJsonEquality
{
    public static bool AreEqual(JsonNode? a, JsonNode? b)
    {
        var kindA = KindOf(a);
        var kindB = KindOf(b);
        if (kindA != kindB)
        {
            return false;
        }

        switch (kindA)
        {
            case JsonValueKind.Null:
            case JsonValueKind.True:
            case JsonValueKind.False:
                // Literals: equal if they are the same.
                return true;
            case JsonValueKind.String:
                // Same number of characters, code points equal: ordinal, no normalization.
                return string.Equals(a!.GetValue<string>(), b!.GetValue<string>(), StringComparison.Ordinal);
            case JsonValueKind.Number:
                // Numerically equal, so 1, 1.0 and 1e0 are all equal.
                return TryCanonicalNumber(a!.ToJsonString(), out var numberA)
                    && TryCanonicalNumber(b!.ToJsonString(), out var numberB)
                    && string.Equals(numberA, numberB, StringComparison.Ordinal);
            case JsonValueKind.Array:
                var arrayA = a!.AsArray();
                var arrayB = b!.AsArray();
                if (arrayA.Count != arrayB.Count)
                {
                    return false;
                }

                for (var i = 0; i < arrayA.Count; i++)
                {
                    if (!AreEqual(arrayA[i], arrayB[i]))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Object:
                // Same number of members, each matched by key (as strings) and value; order ignored.
                var objectA = a!.AsObject();
                var objectB = b!.AsObject();
                if (objectA.Count != objectB.Count)
                {
                    return false;
                }

                foreach (var (name, valueA) in objectA)
                {
                    if (!RfcPointer.TryGetMember(objectB, name, out var valueB) || !AreEqual(valueA, valueB))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    private static JsonValueKind KindOf(JsonNode? node) => node is null ? JsonValueKind.Null : node.GetValueKind();

    /// <summary>
    /// Reduces a JSON number's text to an exact canonical form (sign, significant digits,
    /// exponent), so numerically equal numbers give the same string at any precision.
    /// </summary>
    private static bool TryCanonicalNumber(string text, out string canonical)
    {
        canonical = string.Empty;
        var i = 0;
        var negative = i < text.Length && text[i] == '-';
        if (negative)
        {
            i++;
        }

        var integerPart = ReadDigits(text, ref i);
        if (integerPart.Length == 0)
        {
            return false;
        }

        var fraction = string.Empty;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            fraction = ReadDigits(text, ref i);
            if (fraction.Length == 0)
            {
                return false;
            }
        }

        var exponent = BigInteger.Zero;
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            i++;
            var negativeExponent = false;
            if (i < text.Length && (text[i] == '+' || text[i] == '-'))
            {
                negativeExponent = text[i] == '-';
                i++;
            }

            var exponentDigits = ReadDigits(text, ref i);
            if (exponentDigits.Length == 0)
            {
                return false;
            }

            exponent = BigInteger.Parse(exponentDigits, NumberStyles.None, CultureInfo.InvariantCulture);
            if (negativeExponent)
            {
                exponent = -exponent;
            }
        }

        if (i != text.Length)
        {
            return false;
        }

        var digits = (integerPart + fraction).TrimStart('0');
        if (digits.Length == 0)
        {
            // Zero, whatever its sign or exponent.
            canonical = "0";
            return true;
        }

        exponent -= fraction.Length;
        var significant = digits.TrimEnd('0');
        exponent += digits.Length - significant.Length;
        canonical = (negative ? "-" : "+") + significant + "e" + exponent.ToString(CultureInfo.InvariantCulture);
        return true;
    }

    private static string ReadDigits(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return text[start..i];
    }
}
