namespace ConflictClient.Json;

/// <summary>What a member the base has and the local document lacks means to a three-way merge.</summary>
public enum JsonLocalAbsence
{
    /// <summary>
    /// The local document does not model the member (a timestamp, a link, a field of a newer API version that the
    /// caller's type does not have): the remote value is kept, and it is never a conflict. To delete a member, write
    /// <c>null</c> where the API means "delete", or choose <see cref="Deleted"/>.
    /// </summary>
    NotModeled,

    /// <summary>The local document deleted the member: applied when the remote did not change it, a conflict when it did.</summary>
    Deleted,
}
