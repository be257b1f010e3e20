using System.Net;
using ConflictClient.Versioning;

namespace ConflictClient.Profiles;

/// <summary>
/// Profiles of servers users run. Each sets where the server keeps versions, which fields it manages, which extra
/// statuses it uses for conflicts, and where a create's existing resource lives. Each is checked against that API's
/// recorded conflict responses (and CouchDB's against a real server).
/// </summary>
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
        "VersionSource.JsonBody(\"/_rev\"); DELETE: VersionSource.Query((\"rev\", \"/_rev\")); a POST's document at {database}/{_id}",
        options =>
        {
            var deleteSource = VersionSource.Query(("rev", "/_rev"));
            options.Versions.Source = VersionSource.JsonBody("/_rev");
            options.ForRequest = args => args.Request.Method == HttpMethod.Delete ? DeleteByQuery(deleteSource) : null;
            options.Creates.ExistingResourceLocator = args => ProfileParts.Locate(args, body => ProfileParts.String(body, "_id"), separator: "/");
        });

    /// <summary>
    /// Gets the Kubernetes API server: the version is <c>/metadata/resourceVersion</c>; the server manages
    /// <c>managedFields</c>, <c>generation</c>, <c>uid</c> and <c>creationTimestamp</c>; a POST that meets
    /// <c>AlreadyExists</c> finds the object at the collection's URI plus <c>metadata.name</c>.
    /// </summary>
    public static ConflictProfile Kubernetes { get; } = new(
        "Kubernetes",
        "VersionSource.JsonBody(\"/metadata/resourceVersion\"); server-managed /metadata/managedFields, generation, uid, creationTimestamp; POST duplicates at {collection}/{metadata.name}",
        options =>
        {
            options.Versions.Source = VersionSource.JsonBody("/metadata/resourceVersion");
            ProfileParts.ServerManaged(options, "/metadata/managedFields", "/metadata/generation", "/metadata/uid", "/metadata/creationTimestamp");
            options.Creates.ExistingResourceLocator = args => ProfileParts.Locate(args, body => ProfileParts.String(body, "metadata", "name"), separator: "/");
        });

    /// <summary>
    /// Gets Azure Table Storage (and Cosmos DB's Table API): ETag / If-Match (<c>W/"datetime'…'"</c>, sent back verbatim);
    /// the server manages <c>Timestamp</c> and the <c>odata.*</c> members; an insert (POST) that meets
    /// <c>EntityAlreadyExists</c> finds the entity at <c>Table(PartitionKey='…',RowKey='…')</c>, the SAS kept.
    /// </summary>
    public static ConflictProfile AzureTables { get; } = new(
        "Azure Table Storage",
        "VersionSource.ETag; server-managed /Timestamp, /odata.etag, /odata.metadata; POST duplicates at {table}(PartitionKey='…',RowKey='…')",
        options =>
        {
            options.Versions.Source = VersionSource.ETag;
            ProfileParts.ServerManaged(options, "/Timestamp", "/odata.etag", "/odata.metadata");
            options.Creates.ExistingResourceLocator = args => ProfileParts.Locate(args, body =>
                ProfileParts.String(body, "PartitionKey") is { } partition && ProfileParts.String(body, "RowKey") is { } row
                    ? $"(PartitionKey='{ProfileParts.ODataKey(partition)}',RowKey='{ProfileParts.ODataKey(row)}')"
                    : null, separator: string.Empty);
        });

    /// <summary>
    /// Gets Azure Blob Storage: ETag / If-Match; a lease held by another client (<c>LeaseIdMissing</c>,
    /// <c>LeaseAlreadyPresent</c>) is a business rule, never retried as a version conflict (the defaults read it so).
    /// </summary>
    public static ConflictProfile AzureBlobs { get; } = new(
        "Azure Blob Storage",
        "VersionSource.ETag",
        options => options.Versions.Source = VersionSource.ETag);

    /// <summary>
    /// Gets Azure Cosmos DB (SQL API over REST): ETag / If-Match; the server manages <c>_rid</c>, <c>_self</c>,
    /// <c>_etag</c>, <c>_attachments</c> and <c>_ts</c>; 449 Retry With is handled (and waited out).
    /// </summary>
    public static ConflictProfile CosmosDb { get; } = new(
        "Azure Cosmos DB",
        "VersionSource.ETag; server-managed /_rid, /_self, /_etag, /_attachments, /_ts; handles 449",
        options =>
        {
            options.Versions.Source = VersionSource.ETag;
            ProfileParts.ServerManaged(options, "/_rid", "/_self", "/_etag", "/_attachments", "/_ts");
            ProfileParts.Handle(options, (HttpStatusCode)449);
        });

    /// <summary>Gets Amazon S3: ETag / If-Match and If-None-Match on PUT; 409 ConditionalRequestConflict is waited out and sent again.</summary>
    public static ConflictProfile AmazonS3 { get; } = new(
        "Amazon S3",
        "VersionSource.ETag",
        options => options.Versions.Source = VersionSource.ETag);

    /// <summary>
    /// Gets Google Cloud Storage (JSON API): the version is the object's <c>generation</c>, sent as
    /// <c>?ifGenerationMatch=</c> (<c>0</c> means "only if absent": its 412 is a duplicate); the server manages
    /// <c>updated</c>, <c>metageneration</c>, <c>etag</c> and <c>timeCreated</c>.
    /// </summary>
    public static ConflictProfile GoogleCloudStorage { get; } = new(
        "Google Cloud Storage",
        "VersionSource.Query((\"ifGenerationMatch\", \"/generation\")); server-managed /updated, /metageneration, /etag, /timeCreated",
        options =>
        {
            options.Versions.Source = new QueryVersionSource([("ifGenerationMatch", "/generation")], createOnlyValue: "0");
            ProfileParts.ServerManaged(options, "/updated", "/metageneration", "/etag", "/timeCreated");
        });

    /// <summary>
    /// Gets Elasticsearch and OpenSearch: the version is <c>if_seq_no</c> and <c>if_primary_term</c>, read from the
    /// GET's <c>_seq_no</c> and <c>_primary_term</c>. Their GET wraps the document in <c>_source</c>, so merge with
    /// <c>ClientWins</c> or your own delegate over the envelope.
    /// </summary>
    public static ConflictProfile Elasticsearch { get; } = new(
        "Elasticsearch / OpenSearch",
        "VersionSource.Query((\"if_seq_no\", \"/_seq_no\"), (\"if_primary_term\", \"/_primary_term\"))",
        options => options.Versions.Source = VersionSource.Query(("if_seq_no", "/_seq_no"), ("if_primary_term", "/_primary_term")));

    /// <summary>
    /// Gets the GitHub REST API: a file's version is its blob <c>sha</c> in the body of the contents API's PUT; 422, which
    /// GitHub answers to a create that exists already ("Reference already exists"), is handled.
    /// </summary>
    public static ConflictProfile GitHub { get; } = new(
        "GitHub",
        "VersionSource.JsonBody(\"/sha\"); handles 422",
        options =>
        {
            options.Versions.Source = VersionSource.JsonBody("/sha");
            ProfileParts.Handle(options, HttpStatusCode.UnprocessableEntity);
        });

    /// <summary>
    /// Gets Microsoft Graph and SharePoint: ETag / If-Match; the server manages <c>@odata.etag</c>, <c>@odata.context</c>,
    /// <c>eTag</c>, <c>cTag</c> and <c>lastModifiedDateTime</c>.
    /// </summary>
    public static ConflictProfile MicrosoftGraph { get; } = new(
        "Microsoft Graph / SharePoint",
        "VersionSource.ETag; server-managed /@odata.etag, /@odata.context, /eTag, /cTag, /lastModifiedDateTime",
        options =>
        {
            options.Versions.Source = VersionSource.ETag;
            ProfileParts.ServerManaged(options, "/@odata.etag", "/@odata.context", "/eTag", "/cTag", "/lastModifiedDateTime");
        });

    /// <summary>
    /// Gets FHIR servers (HAPI FHIR, Azure Health Data Services, …): ETag / If-Match (<c>W/"3"</c>); the server manages
    /// <c>meta.versionId</c> and <c>meta.lastUpdated</c>.
    /// </summary>
    public static ConflictProfile Fhir { get; } = new(
        "FHIR",
        "VersionSource.ETag; server-managed /meta/versionId, /meta/lastUpdated",
        options =>
        {
            options.Versions.Source = VersionSource.ETag;
            ProfileParts.ServerManaged(options, "/meta/versionId", "/meta/lastUpdated");
        });

    /// <summary>
    /// Gets Google Cloud IAM policies (<c>setIamPolicy</c> on projects, folders, KMS key rings, buckets, …): an update by
    /// POST whose body holds the policy under <c>/policy</c> with its <c>etag</c>; the current policy is read with the
    /// matching <c>getIamPolicy</c> POST. Other requests keep the client's settings.
    /// </summary>
    public static ConflictProfile GoogleIamPolicy { get; } = new(
        "Google Cloud IAM policy",
        "VersionSource.JsonBody(\"/policy/etag\"); POST …:setIamPolicy read with POST …:getIamPolicy {} at /policy",
        options =>
        {
            options.Versions.Source = VersionSource.JsonBody("/policy/etag");
            options.ForRequest = args => ProfileParts.IamPolicyRead(args.Request);
        });

    /// <summary>Gets every profile, for listing.</summary>
    public static IReadOnlyList<ConflictProfile> All { get; } =
        [CouchDb, Kubernetes, AzureTables, AzureBlobs, CosmosDb, AmazonS3, GoogleCloudStorage, Elasticsearch, GitHub, MicrosoftGraph, Fhir, GoogleIamPolicy];

    private static ConflictClient.Conflicts.ConflictRequestSettings DeleteByQuery(VersionSource source) => new() { VersionSource = source };
}
