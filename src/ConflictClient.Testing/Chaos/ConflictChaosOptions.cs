using System.Net;

namespace ConflictClient.Testing;

/// <summary>
/// What the conflict chaos strategy injects: a share of writes is answered with a conflict before it reaches the server,
/// as if the write had lost a race with another writer, so integration tests exercise conflict handling: the strategy
/// reads the current state, finds the version the write carried still current, and sends the write again.
/// </summary>
public sealed class ConflictChaosOptions
{
    /// <summary>Gets or sets the share of eligible writes answered with a conflict, from 0 to 1.</summary>
    /// <value>The default value is 0.1.</value>
    public double InjectionRate { get; set; } = 0.1;

    /// <summary>Gets or sets the status of an injected conflict (412 or 409).</summary>
    /// <value>The default value is <see cref="HttpStatusCode.PreconditionFailed"/>.</value>
    public HttpStatusCode StatusCode { get; set; } = HttpStatusCode.PreconditionFailed;

    /// <summary>Gets or sets a value indicating whether conflicts are injected at all.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Gets or sets which writes are eligible. By default an update or delete that carries a version precondition
    /// (<c>If-Match</c>): the only writes a real server could refuse as stale.
    /// </summary>
    /// <value>The default value is <see langword="null"/> (PUT, PATCH and DELETE with <c>If-Match</c>).</value>
    public Func<HttpRequestMessage, bool>? ShouldInject { get; set; }

    /// <summary>Gets or sets the random source, a number in [0, 1) per write; set it to make a test deterministic.</summary>
    /// <value>The default value is <see langword="null"/> (Polly's randomizer).</value>
    public Func<double>? Randomizer { get; set; }

    /// <summary>Gets or sets a callback run each time a conflict is injected, with the write it answered.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Func<OnConflictInjectedArguments, ValueTask>? OnConflictInjected { get; set; }

    internal static bool IsConditionalUpdate(HttpRequestMessage request) =>
        (request.Method == HttpMethod.Put || request.Method == HttpMethod.Patch || request.Method == HttpMethod.Delete) &&
        request.Headers.IfMatch.Count > 0;
}
