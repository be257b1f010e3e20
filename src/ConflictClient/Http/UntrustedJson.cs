using System.Text.Json;

namespace ConflictClient.Http;

/// <summary>What can go wrong reading JSON a server sent, beyond malformed text.</summary>
internal static class UntrustedJson
{
    /// <summary>
    /// Whether <paramref name="failure"/> comes from reading untrusted JSON: malformed text (<see cref="JsonException"/>),
    /// an invalid string such as a lone surrogate escape (<see cref="InvalidOperationException"/>), or duplicate member
    /// names (<see cref="ArgumentException"/>, from <c>JsonNode</c>). Such a body says nothing; it never fails the write.
    /// </summary>
    public static bool IsReadFailure(Exception failure) => failure is JsonException or InvalidOperationException or ArgumentException or FormatException;
}
