namespace ConflictClient.Tests.Support;

/// <summary>How <see cref="KestrelResourceServer"/> answers an applied PUT, as real servers do.</summary>
public enum PutAnswer
{
    /// <summary>200 with the new representation and its ETag.</summary>
    Representation,

    /// <summary>201 with CouchDB's <c>{"ok":true,"id":…,"rev":…}</c> and the new ETag: not the resource.</summary>
    CouchStatus,

    /// <summary>204 with no body, and the new ETag.</summary>
    NoContent,
}
