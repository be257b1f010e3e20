using System.Net;
using System.Text.Json;
using ConflictClient.Http;
using ConflictClient.Json;
using ConflictClient.Merging;
using ConflictClient.Reporting;
using ConflictClient.Versioning;

namespace ConflictClient.Conflicts;

/// <summary>
/// The base type of every failure of a write guarded by conflict resolution. <see cref="Reason"/> tells which failure;
/// the properties carry the server's state so the caller can decide what to do next.
/// </summary>
public class ConflictException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ConflictException"/> class.</summary>
    public ConflictException()
        : this("A write met a conflict that could not be resolved.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConflictException"/> class.</summary>
    /// <param name="message">What happened and what to change.</param>
    public ConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConflictException"/> class.</summary>
    /// <param name="message">What happened and what to change.</param>
    /// <param name="innerException">The cause.</param>
    public ConflictException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets why the write failed.</summary>
    public ConflictFailureReason Reason { get; init; }

    /// <summary>Gets the status of the last response that mattered (the conflict, or the failed re-fetch), when there was one.</summary>
    public HttpStatusCode? StatusCode { get; init; }

    /// <summary>Gets the method of the write.</summary>
    public HttpMethod? Method { get; init; }

    /// <summary>Gets the URI of the write.</summary>
    public Uri? RequestUri { get; init; }

    /// <summary>Gets how many times the write was sent.</summary>
    public int Attempts { get; init; }

    /// <summary>Gets the server's last known representation of the resource, as text, when one was read.</summary>
    public string? RemoteContent { get; init; }

    /// <summary>Gets the server's last known representation deserialized by a typed merge, when one ran.</summary>
    public object? RemoteValue { get; init; }

    /// <summary>Gets the version token of <see cref="RemoteContent"/>; empty when unknown.</summary>
    public VersionToken RemoteVersion { get; init; }

    /// <summary>Gets the conflicts a three-way merge left unresolved: each path with its base, local and remote values.</summary>
    public IReadOnlyList<JsonMergeConflict> MergeConflicts { get; init; } = [];

    /// <summary>Gets the server's error code for the last conflict or failure, in its own vocabulary (a header, XML or any common JSON error shape); null when it sent none.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets the server's message for the last conflict or failure, when it sent one.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Gets the problem details (RFC 9457) the server sent with the last conflict or failure, when it sent them.</summary>
    public ConflictProblemDetails? Problem { get; init; }

    /// <summary>
    /// Gets what happened, for the person whose change it was: a headline and, per field someone changed, what it was,
    /// what this client wrote and what the server has. Null when the write met no conflict with a readable state.
    /// </summary>
    public ConflictReport? Report { get; init; }

    /// <summary>Gets the server's last known representation as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="options">The serializer options; defaults to <see cref="JsonSerializerOptions.Web"/>.</param>
    /// <returns>The representation, or <see langword="default"/> when none was read.</returns>
    public T? GetRemote<T>(JsonSerializerOptions? options = null)
    {
        if (RemoteValue is T typed)
        {
            return typed;
        }

        return string.IsNullOrEmpty(RemoteContent) ? default : JsonSerializer.Deserialize(RemoteContent, JsonDefaults.TypeInfo<T>(options));
    }
}
