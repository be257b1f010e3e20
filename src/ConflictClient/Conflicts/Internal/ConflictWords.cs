namespace ConflictClient.Conflicts;

/// <summary>
/// The words servers use for each kind of refusal, as lower-case word starts (matched at the start of a word of the
/// normalized text, so "lease" is not found in "please"). Codes are split into words first: <c>TableBeingDeleted</c>
/// reads "table being deleted".
/// </summary>
internal static class ConflictWords
{
    public static readonly string[] KeyInFlight = ["in progress", "being processed", "processing", "in use", "in flight", "currently another", "still being"];

    public static readonly string[] KeyReused = ["reuse", "different parameters", "same parameters", "another payload", "different payload", "different request", "already been used", "already used"];

    /// <summary>The server is busy with an earlier operation: wait, and send the very same request again.</summary>
    public static readonly string[] Busy =
    [
        "being deleted", "deprovisioning", "operation in progress", "another operation", "in progress", "ongoing", "lock timeout",
        "retry with", "try again later", "retry later", "please wait", "wait briefly", "being processed", "already locked",
        "still processing", "not yet complete", "currently running", "already running", "being created", "being updated",
        "still running", "still being", "task state", "rebalanc", "pending update", "pending create", "pending delete",
        "transitional state", "try again after", "retry after the", "not yet finished", "currently being",
    ];

    /// <summary>The write lost a race that did not depend on its version: run it again from a fresh read.</summary>
    public static readonly string[] Contention =
    [
        "contention", "concurrent modification", "concurrently", "modified concurrently", "concurrent update", "concurrent change",
        "concurrent write", "conflicting update", "conflicting transaction", "conflicting write", "conflicts with another",
        "another change", "transaction aborted", "transaction was aborted", "aborted", "deadlock", "serialization failure",
        "could not serialize", "race condition", "lost the race", "simultaneous", "write conflict", "waiting to lock", "lock wait",
    ];

    /// <summary>A word that could mean busy or a lost race: on a versioned write, the probe tells which.</summary>
    public static readonly string[] TryAgain = ["try again", "please retry", "retry the request", "retry your request"];

    public static readonly string[] Held = ["lease", "locked", "lock token", "checked out"];

    public static readonly string[] Version =
    [
        "version", "etag", "e tag", "precondition", "pre condition", "condition not", "conditional", "condition specified",
        "condition failed", "stale", "modified", "mismatch", "outdated", "out of date", "revision", "rev ",
        "if match", "seq no", "sequence number", "but expected", "update conflict", "edit conflict", "changed since",
        "has changed", "been changed", "check and set", "change vector", "unexpected revision", "newer version",
    ];

    /// <summary>A write that sent no version is told to send one.</summary>
    public static readonly string[] Demand = ["required", "requires", "must provide", "must be provided", "please provide", "provide the", "please pass", "missing", "must include", "must specify"];

    public static readonly string[] Existence =
    [
        "duplicate", "already exist", "exists", "already been taken", "already taken", "already registered", "already in use",
        "already own", "already present", "unique", "name in use", "taken", "23505", "already a", "already been created",
        "already created",
    ];

    /// <summary>Words left when a server said no more than "conflict" (CouchDB's <c>{"error":"conflict","reason":"Document update conflict."}</c>).</summary>
    public static readonly string[] BareConflict = ["conflict", "error", "document", "update", "occurred", "the", "request", "resource"];
}
