using System.Net;
using ConflictClient.Http;
using ConflictClient.Versioning;

namespace ConflictClient.Conflicts;

/// <summary>
/// The state of one guarded write as it goes through attempts: what errors and telemetry report. Created when the
/// write first needs it (a conflict, or an error), never for a write that simply succeeds.
/// </summary>
internal sealed class ConflictCall
{
    public ConflictCall(HttpMethod method, Uri requestUri)
    {
        Method = method;
        RequestUri = requestUri;
    }

    public HttpMethod Method { get; }

    public Uri RequestUri { get; }

    /// <summary>Gets or sets how many times the write was sent.</summary>
    public int Attempts { get; set; }

    public HttpStatusCode? LastStatus { get; set; }

    public ConflictProblemDetails? LastProblem { get; set; }

    /// <summary>Gets or sets what the server said in the last conflict or failed re-fetch, in its own vocabulary.</summary>
    public ServerError LastError { get; set; } = ServerError.None;

    /// <summary>Gets or sets the Location header of the last conflict response, verbatim.</summary>
    public string? LastLocation { get; set; }

    public Representation? LastRemote { get; set; }

    public VersionToken LastRemoteVersion { get; set; }

    public object? LastRemoteValue { get; set; }

    /// <summary>Gets what a conflict report of this write compares.</summary>
    public ConflictReportMaterial Report { get; } = new();

    /// <summary>Gets the write as "PUT https://host/path", without the query (it may carry secrets).</summary>
    public string Describe() => Describe(Method, RequestUri);

    /// <summary>Gets a write as "PUT https://host/path", without the query (it may carry secrets).</summary>
    public static string Describe(HttpMethod method, Uri requestUri) => $"{method} {HttpOrigin.Redact(requestUri)}";
}
