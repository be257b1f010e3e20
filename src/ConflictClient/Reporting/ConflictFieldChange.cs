namespace ConflictClient.Reporting;

/// <summary>Who changed a field since the version both sides started from: what a person needs to decide about it.</summary>
public enum ConflictFieldChange
{
    /// <summary>Not set: the default of a field that was never built from a report.</summary>
    None,

    /// <summary>Only this client changed it: nobody else's work is at stake.</summary>
    Mine,

    /// <summary>Only the other writer changed it: nothing of this client's is at stake.</summary>
    Theirs,

    /// <summary>Both changed it: the field to decide about, unless they wrote the same value.</summary>
    Both,
}
