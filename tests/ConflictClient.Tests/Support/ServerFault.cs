namespace ConflictClient.Tests.Support;

/// <summary>What <see cref="KestrelResourceServer"/> does to one write instead of answering it plainly.</summary>
public enum ServerFault
{
    None,

    /// <summary>The connection drops before the write is applied.</summary>
    AbortBeforeApply,

    /// <summary>The write is applied, then the connection drops before the response: the client cannot tell.</summary>
    ApplyThenAbort,

    /// <summary>As <see cref="ApplyThenAbort"/>, and another writer writes right after (before any resend arrives).</summary>
    ApplyThenAbortThenOtherWrites,

    /// <summary>503 Service Unavailable, nothing applied.</summary>
    Unavailable,
}
