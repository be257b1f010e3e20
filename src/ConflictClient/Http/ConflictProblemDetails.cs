using System.Text.Json;

namespace ConflictClient.Http;

/// <summary>Problem details sent by the server (RFC 9457, <c>application/problem+json</c>).</summary>
public sealed class ConflictProblemDetails
{
    /// <summary>Gets the problem type URI reference.</summary>
    public string? Type { get; init; }

    /// <summary>Gets the short human-readable summary.</summary>
    public string? Title { get; init; }

    /// <summary>Gets the HTTP status code the server put in the document.</summary>
    public int? Status { get; init; }

    /// <summary>Gets the explanation specific to this occurrence.</summary>
    public string? Detail { get; init; }

    /// <summary>Gets the URI reference identifying this occurrence.</summary>
    public string? Instance { get; init; }

    /// <summary>Gets the extension members (for example an application error code).</summary>
    public IReadOnlyDictionary<string, JsonElement> Extensions { get; init; } = new Dictionary<string, JsonElement>();
}
