using System.Net;

namespace ConflictClient.Testing;

/// <summary>How a <see cref="VersionedResourceSimulator"/> behaves: where versions live and what a conflict looks like.</summary>
public sealed class VersionedResourceSimulatorOptions
{
    /// <summary>Gets where the version is carried.</summary>
    /// <value>The default value is <see cref="VersionPlacement.Header"/>.</value>
    public VersionPlacement Placement { get; init; } = VersionPlacement.Header;

    /// <summary>Gets the JSON Pointer of the version field when <see cref="Placement"/> is <see cref="VersionPlacement.Body"/>.</summary>
    /// <value>The default value is <c>/version</c>.</value>
    public string BodyVersionPath { get; init; } = "/version";

    /// <summary>Gets a value indicating whether a body version is a JSON string (<c>"3"</c>) rather than a number.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool BodyVersionAsString { get; init; }

    /// <summary>Gets how entity tags are written. <c>If-Match</c> compares them as sent (a weak tag matches itself, as many real servers accept), and <c>*</c> matches any.</summary>
    /// <value>The default value is <see cref="ETagStyle.Strong"/>.</value>
    public ETagStyle ETagStyle { get; init; } = ETagStyle.Strong;

    /// <summary>
    /// Gets a value indicating whether <c>If-Match</c> compares strongly, as RFC 9110 says (and Apache does): a weak ETag
    /// then never matches, so every conditional write with one is refused.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: a tag matches itself, weak or not (as Azure Storage does).</value>
    public bool StrongComparison { get; init; }

    /// <summary>Gets the status of a version mismatch; null for 412 with header versions and 409 with body versions.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public HttpStatusCode? MismatchStatus { get; init; }

    /// <summary>Gets a value indicating whether a write without a version (no <c>If-Match</c>, and no body version where versions live in the body) is refused with 428.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RequirePrecondition { get; init; } = true;

    /// <summary>Gets a value indicating whether a conflict answer carries the current representation (and its ETag) instead of a problem document.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool ConflictBodyCarriesCurrent { get; init; }

    /// <summary>Gets the <c>Retry-After</c> (seconds) sent with conflicts and in-flight answers; null for none.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Gets the member that must be unique within a collection; a POST repeating it is a duplicate (409).</summary>
    /// <value>The default value is <see langword="null"/> (no uniqueness).</value>
    public string? UniqueMember { get; init; }

    /// <summary>Gets the problem type of a duplicate create.</summary>
    /// <value>The default value is <c>https://example.test/problems/duplicate</c>.</value>
    public string DuplicateType { get; init; } = "https://example.test/problems/duplicate";

    /// <summary>Gets the problem title of a duplicate create.</summary>
    /// <value>The default value is <c>Already exists</c>.</value>
    public string DuplicateTitle { get; init; } = "Already exists";

    /// <summary>Gets the problem detail of a duplicate create; null for one naming the member.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? DuplicateDetail { get; init; }

    /// <summary>Gets the application error code of a duplicate create.</summary>
    /// <value>The default value is <c>DUPLICATE</c>.</value>
    public string DuplicateCode { get; init; } = "DUPLICATE";

    /// <summary>Gets a value indicating whether a duplicate answer names the existing resource (<c>Location</c>).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool DuplicateNamesExisting { get; init; } = true;

    /// <summary>Gets a value indicating whether <c>Idempotency-Key</c>s are honoured: a repeat replays the first answer.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool EnforceIdempotencyKeys { get; init; }

    /// <summary>Gets the request header naming an operation, counted per applied write (<see cref="VersionedResourceSimulator.AppliedCount"/>).</summary>
    /// <value>The default value is <c>X-Operation-Id</c>.</value>
    public string OperationHeader { get; init; } = "X-Operation-Id";
}
