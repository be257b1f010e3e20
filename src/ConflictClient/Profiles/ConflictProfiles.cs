using ConflictClient.Versioning;

namespace ConflictClient.Profiles;

/// <summary>Profiles of servers users run, each tested against the real server or its recorded responses.</summary>
public static class ConflictProfiles
{
    /// <summary>
    /// Gets CouchDB and servers speaking its protocol (PouchDB Server, IBM Cloudant): the version is the document's
    /// <c>_rev</c>; a PUT without it to an existing document is a duplicate create (<c>{"error":"conflict"}</c>), a PUT with
    /// a stale one a version conflict. A DELETE carries the revision as <c>?rev=</c>. Writes are answered
    /// <c>{"ok":true,"id":…,"rev":…}</c>, never the document, and JSON may be served as <c>text/plain</c>.
    /// </summary>
    public static ConflictProfile CouchDb { get; } = new(
        "CouchDB",
        "VersionSource.JsonBody(\"/_rev\"); DELETE: VersionSource.Query((\"rev\", \"/_rev\"))",
        options =>
        {
            var deleteSource = VersionSource.Query(("rev", "/_rev"));
            options.VersionSource = VersionSource.JsonBody("/_rev");
            options.VersionSourceSelector = request => request.Method == HttpMethod.Delete ? deleteSource : null;
        });
}
