using ConflictClient.Versioning;

namespace ConflictClient.Profiles;

/// <summary>Profiles of servers users run, each tested against the real server or its recorded responses.</summary>
public static class ConflictProfiles
{
    /// <summary>
    /// Gets CouchDB and servers speaking its protocol (PouchDB Server, IBM Cloudant): the version is the document's
    /// <c>_rev</c>; a PUT without it to an existing document is a duplicate create (<c>{"error":"conflict"}</c>), a PUT with
    /// a stale one a version conflict. Writes are answered <c>{"ok":true,"id":…,"rev":…}</c>, never the document.
    /// </summary>
    public static ConflictProfile CouchDb { get; } = new(
        "CouchDB",
        "VersionSource.JsonBody(\"/_rev\")",
        options => options.VersionSource = VersionSource.JsonBody("/_rev"));
}
