namespace ConflictClient.Reporting;

/// <summary>Whose value a field ended with after a conflict.</summary>
public enum ConflictFieldWinner
{
    /// <summary>Not set: the default of a field that was never built from a report.</summary>
    None,

    /// <summary>The value this client wrote was kept.</summary>
    Mine,

    /// <summary>The value the other writer wrote was kept.</summary>
    Theirs,

    /// <summary>Both sides wrote the same value.</summary>
    Both,

    /// <summary>Neither side's value as it was: the merge combined them (a counter that added both increments, a merged list).</summary>
    Combined,

    /// <summary>Nothing was kept, because the write was not applied: the field is as the server has it, and the choice is open.</summary>
    Undecided,
}
