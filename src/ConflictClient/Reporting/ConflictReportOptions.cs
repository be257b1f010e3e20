namespace ConflictClient.Reporting;

/// <summary>What a <see cref="ConflictReport"/> shows.</summary>
public sealed class ConflictReportOptions
{
    /// <summary>Gets the options used when none are given.</summary>
    public static ConflictReportOptions Default { get; } = new();

    /// <summary>Gets the longest value shown, in characters; longer values are cut with an ellipsis.</summary>
    /// <value>The default value is 80.</value>
    public int MaxValueLength { get; init; } = 80;

    /// <summary>Gets the most fields listed; the rest are counted.</summary>
    /// <value>The default value is 50.</value>
    public int MaxFields { get; init; } = 50;

    /// <summary>
    /// Gets the words that mark a field as sensitive, matched case-insensitively anywhere in its name: its values are
    /// shown as <c>(hidden)</c>.
    /// </summary>
    /// <value>The default value is password, passwd, pwd, secret, token, key, authorization, cookie, credential, signature, session, ssn.</value>
    public IReadOnlyList<string> SensitiveWords { get; init; } = ["password", "passwd", "pwd", "secret", "token", "key", "authorization", "cookie", "credential", "signature", "session", "ssn"];

    /// <summary>Gets JSON Pointers of fields left out of the report (versions, timestamps the server manages).</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<string> IgnoredPaths { get; init; } = [];

    /// <summary>
    /// Gets a value indicating whether a field "was" has and "mine" lacks is one mine does not model (a three-way merge
    /// keeps the server's value there), rather than one mine removed.
    /// </summary>
    internal bool MineOmitsUnmodeled { get; init; }
}
