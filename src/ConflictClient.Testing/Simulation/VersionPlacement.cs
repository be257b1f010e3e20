namespace ConflictClient.Testing;

/// <summary>Where the simulated API carries a resource's version.</summary>
public enum VersionPlacement
{
    /// <summary>In the <c>ETag</c> header; writes send it back in <c>If-Match</c> (412 on a mismatch).</summary>
    Header,

    /// <summary>In a field of the JSON body (CouchDB's <c>_rev</c>, Kubernetes' <c>resourceVersion</c>); 409 on a mismatch.</summary>
    Body,
}
