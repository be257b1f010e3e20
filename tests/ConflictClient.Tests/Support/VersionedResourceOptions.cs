using System.Net;

namespace ConflictClient.Tests.Support;

/// <summary>Where the simulated server keeps each resource's version.</summary>
public enum VersionPlacement
{
    /// <summary>ETag on responses; writes must send a matching If-Match.</summary>
    Header,

    /// <summary>A number inside the body; writes must carry the current one.</summary>
    Body,
}

/// <summary>How the simulated server spells its entity tags.</summary>
public enum ETagStyle
{
    Strong,
    Weak,
    Unquoted,
}

/// <summary>How <see cref="VersionedResourceServer"/> behaves.</summary>
public sealed class VersionedResourceOptions
{
    public VersionPlacement Placement { get; init; } = VersionPlacement.Header;

    /// <summary>Gets the body version's path as property names separated by '/', e.g. "/version" or "/metadata/resourceVersion".</summary>
    public string BodyVersionPath { get; init; } = "/version";

    /// <summary>Gets a value indicating whether body versions are strings ("7") rather than numbers (7).</summary>
    public bool BodyVersionAsString { get; init; }

    public ETagStyle ETagStyle { get; init; } = ETagStyle.Strong;

    /// <summary>Gets the status of a write whose version does not match: 412 by default for headers, 409 for body versions.</summary>
    public HttpStatusCode? MismatchStatus { get; init; }

    /// <summary>Gets a value indicating whether a header-versioned write without If-Match is refused with 428.</summary>
    public bool RequirePrecondition { get; init; } = true;

    /// <summary>Gets a value indicating whether conflict responses carry the current representation (and its ETag) instead of problem details.</summary>
    public bool ConflictBodyCarriesCurrent { get; init; }

    /// <summary>Gets the Retry-After, in seconds, sent with conflicts; null for none.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Gets the member that must be unique among a collection's resources (POST creates), such as "email".</summary>
    public string? UniqueMember { get; init; }

    /// <summary>Gets the problem type of the 409 a duplicate create gets.</summary>
    public string DuplicateType { get; init; } = "https://example.test/problems/duplicate";

    /// <summary>Gets the title of the 409 a duplicate create gets.</summary>
    public string DuplicateTitle { get; init; } = "Already exists";

    /// <summary>Gets the detail of the 409 a duplicate create gets; null for "{member} {value} is registered already.".</summary>
    public string? DuplicateDetail { get; init; }

    /// <summary>Gets the error code of the 409 a duplicate create gets.</summary>
    public string DuplicateCode { get; init; } = "DUPLICATE";

    /// <summary>Gets a value indicating whether a duplicate's 409 names the existing resource (Location header and problem member).</summary>
    public bool DuplicateNamesExisting { get; init; } = true;

    /// <summary>Gets a value indicating whether writes with an Idempotency-Key are deduplicated (IETF httpapi draft).</summary>
    public bool EnforceIdempotencyKeys { get; init; }
}
