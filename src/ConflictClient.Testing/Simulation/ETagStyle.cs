namespace ConflictClient.Testing;

/// <summary>How the simulated API writes its entity tags.</summary>
public enum ETagStyle
{
    /// <summary>A strong, quoted tag: <c>"v3"</c>.</summary>
    Strong,

    /// <summary>A weak tag: <c>W/"v3"</c>.</summary>
    Weak,

    /// <summary>An unquoted tag, as some real servers send: <c>v3</c>.</summary>
    Unquoted,
}
