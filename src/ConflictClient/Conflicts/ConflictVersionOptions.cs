using System.ComponentModel.DataAnnotations;
using ConflictClient.Versioning;

namespace ConflictClient.Conflicts;

/// <summary>Where a resource's version lives, which of its fields the server manages, and how its current state is read.</summary>
public sealed class ConflictVersionOptions
{
    /// <summary>Gets or sets where the resource's version lives.</summary>
    /// <value>The default value is <see cref="VersionSource.ETag"/> (ETag / If-Match headers).</value>
    [Required]
    public VersionSource Source { get; set; } = VersionSource.ETag;

    /// <summary>
    /// Gets the JSON Pointers of fields the server manages (timestamps such as Azure's <c>/Timestamp</c>,
    /// <c>/metadata/managedFields</c>): a merge always takes the server's value there, and never reports a conflict. The
    /// version's own pointer is always server-managed. <c>*</c> segments match any member or index.
    /// </summary>
    /// <value>The default value is empty.</value>
    public IList<string> ServerManagedPaths { get; } = [];

    /// <summary>
    /// Gets or sets a value indicating whether the conflict response's body and <c>ETag</c> are the current
    /// representation, so no GET is needed: a write's first conflict uses that state at once; later conflicts back off
    /// and then fetch. A conflict response without a body is fetched as usual.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool ConflictResponseCarriesCurrent { get; set; }
}
