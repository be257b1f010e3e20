namespace ConflictClient.Json;

/// <summary>The kinds of <see cref="MergePlan"/>.</summary>
internal enum MergePlanKind
{
    Missing,
    Copy,
    Node,
    Decimal,
    Double,
    Object,
    KeyedArray,
    AlignedArray,
    SetArray,
}
