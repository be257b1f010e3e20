using System.Text.Json.Nodes;

namespace ConflictClient.Json;

/// <summary>What the merge does at one path: copy a side, write a node or a number, or merge a container.</summary>
internal readonly struct MergePlan
{
    public MergePlan(MergePlanKind kind) => Kind = kind;

    public MergePlanKind Kind { get; }

    public MergeSlot Source { get; init; }

    public MergeSlot Base { get; init; }

    public MergeSlot Local { get; init; }

    public MergeSlot Remote { get; init; }

    public JsonMergeRuleTree.Cursor? Rules { get; init; }

    public JsonNode? Node { get; init; }

    public decimal Decimal { get; init; }

    public double Double { get; init; }

    public KeyedArrayMatch? Keyed { get; init; }

    public JsonMergeValue ToMergeValue() => Kind switch
    {
        MergePlanKind.Missing => default,
        MergePlanKind.Copy => Source.ToMergeValue(),
        MergePlanKind.Node => new JsonMergeValue(true, Node?.DeepClone()),
        MergePlanKind.Decimal => new JsonMergeValue(true, JsonValue.Create(Decimal)),
        MergePlanKind.Double => new JsonMergeValue(true, JsonValue.Create(Double)),
        _ => default,
    };
}
