using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConflictClient.Json;

/// <summary>
/// The three-way merge engine: walks base, local and remote side by side and writes the result as it goes, copying
/// every subtree that only one side changed. Paths are only spelled out when a conflict needs one.
/// </summary>
internal sealed partial class JsonThreeWayMerger
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly JsonMergeOptions _options;
    private readonly Utf8JsonWriter _writer;
    private readonly List<MergePathSegment> _path = [];
    private readonly List<JsonMergeConflict> _conflicts = [];

    private JsonThreeWayMerger(JsonMergeOptions options, Utf8JsonWriter writer)
    {
        _options = options;
        _writer = writer;
    }

    public static JsonMergeResult Merge(MergeSlot @base, JsonElement local, JsonElement remote, JsonMergeOptions? options)
    {
        options ??= new JsonMergeOptions();
        // The merge is usually about the size of the remote document: size the buffer once.
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, JsonMarshal.GetRawUtf8Value(remote).Length + 1024));
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        var merger = new JsonThreeWayMerger(options, writer);
        var rules = JsonMergeRuleTree.Build(options.Rules) is { } tree ? new JsonMergeRuleTree.Cursor(tree) : null;
        var plan = merger.Decide(@base, MergeSlot.Of(local), MergeSlot.Of(remote), rules);
        if (plan.Kind == MergePlanKind.Missing)
        {
            writer.WriteNullValue();
        }
        else
        {
            merger.Execute(plan);
        }

        writer.Flush();
        return new JsonMergeResult(buffer.WrittenMemory, merger._conflicts);
    }

    private MergePlan Decide(MergeSlot b, MergeSlot l, MergeSlot r, JsonMergeRuleTree.Cursor? rules, bool isItem = false)
    {
        var rule = rules?.Rule;
        if (rule?.IsAlwaysRemote == true)
        {
            return Copy(r);
        }

        if (rule?.IsAtomic != true)
        {
            // A container I did not change is the remote's, whole: one comparison (which stops at the first
            // difference) and one bulk copy instead of a member-by-member walk. Most of a large document takes this path.
            if (b.Exists && l.Kind is JsonValueKind.Object or JsonValueKind.Array && IsUnchangedLocally(b, l, isItem))
            {
                return Copy(r);
            }

            // Containers are merged member by member only when the base was one of the same kind (or is unknown). A
            // container both sides created, or made of a value of another kind, is one change per side: two different
            // ones are a conflict, never silently combined.
            if (l.Kind == JsonValueKind.Object && r.Kind == JsonValueKind.Object && (b.IsUnknown || b.Kind == JsonValueKind.Object))
            {
                return new MergePlan(MergePlanKind.Object) { Base = b, Local = l, Remote = r, Rules = rules };
            }

            if (l.Kind == JsonValueKind.Array && r.Kind == JsonValueKind.Array && (b.IsUnknown || b.Kind == JsonValueKind.Array) &&
                TryPlanArray(b, l, r, rules, rule, out var arrayPlan))
            {
                return arrayPlan;
            }
        }

        if (b.IsUnknown)
        {
            // No base: every difference is a conflict, and nothing present on either side is dropped. Equal numbers
            // under Additive are no exception: without a base, two +1s and one +1 look the same, so it is unresolved.
            if ((MergeSlot.AreEqual(l, r) && !IsAdditiveWithoutBase(l, r, rule)) || !r.Exists)
            {
                return Copy(l);
            }

            if (!l.Exists)
            {
                return Copy(r);
            }
        }
        else if (IsUnchangedLocally(b, l, isItem))
        {
            // Unchanged locally (members the local document does not model aside): the remote's, whatever it is.
            return Copy(r);
        }
        else if (MergeSlot.AreEqual(b, r) || (MergeSlot.AreEqual(l, r) && !IsAdditive(b, l, r, rule)))
        {
            // Equal changes on both sides are one change, except for counters: two +1s are +2.
            return Copy(l);
        }

        return Conflict(b, l, r, rule);
    }

    /// <summary>
    /// Whether the local side left this value as the base had it. A member the local document lacks is one it does not
    /// model (unless <see cref="JsonLocalAbsence.Deleted"/>); an array item it lacks was removed: a list is the caller's.
    /// </summary>
    private bool IsUnchangedLocally(MergeSlot b, MergeSlot l, bool isItem) =>
        _options.LocalAbsence == JsonLocalAbsence.NotModeled && (l.Exists || !isItem) ? MergeSlot.ModelsEqual(b, l) : MergeSlot.AreEqual(b, l);

    private bool IsAdditive(MergeSlot b, MergeSlot l, MergeSlot r, JsonMergePathRule? rule) =>
        rule?.Resolver is null && (rule?.Policy ?? _options.DefaultPolicy) == JsonConflictPolicy.Additive &&
        b.Kind == JsonValueKind.Number && l.Kind == JsonValueKind.Number && r.Kind == JsonValueKind.Number;

    private bool IsAdditiveWithoutBase(MergeSlot l, MergeSlot r, JsonMergePathRule? rule) =>
        rule?.Resolver is null && (rule?.Policy ?? _options.DefaultPolicy) == JsonConflictPolicy.Additive &&
        l.Kind == JsonValueKind.Number && r.Kind == JsonValueKind.Number;

    private bool TryPlanArray(MergeSlot b, MergeSlot l, MergeSlot r, JsonMergeRuleTree.Cursor? rules, JsonMergePathRule? rule, out MergePlan plan)
    {
        plan = default;
        var mode = rule?.ArrayMode ?? _options.DefaultArrayMode;
        if (mode == JsonArrayMergeMode.SetUnion)
        {
            if (!IsPrimitiveArray(b) || !IsPrimitiveArray(l) || !IsPrimitiveArray(r))
            {
                return false;
            }

            plan = new MergePlan(MergePlanKind.SetArray) { Base = b, Local = l, Remote = r, Rules = rules };
            return true;
        }

        if (mode != JsonArrayMergeMode.MergeByKey || rule?.ArrayKeyUtf8 is not { } key)
        {
            return false;
        }

        if (KeyedArrayMatch.AreAligned(b, l, r, key))
        {
            // Same items in the same order on all sides (edits inside items): merge position by position, no index needed.
            plan = new MergePlan(MergePlanKind.AlignedArray) { Base = b, Local = l, Remote = r, Rules = rules };
            return true;
        }

        if (KeyedArrayMatch.TryCreate(b, l.Value, r.Value, key) is { } match)
        {
            plan = new MergePlan(MergePlanKind.KeyedArray) { Base = b, Local = l, Remote = r, Rules = rules, Keyed = match };
            return true;
        }

        return false;
    }

    private MergePlan Conflict(MergeSlot b, MergeSlot l, MergeSlot r, JsonMergePathRule? rule)
    {
        var conflict = new JsonMergeConflict(PathText(), b.ToMergeValue(), l.ToMergeValue(), r.ToMergeValue());
        _conflicts.Add(conflict);

        MergePlan plan;
        JsonMergeResolutionKind resolution;
        if (rule?.Resolver is { } resolver)
        {
            var decision = resolver(conflict);
            resolution = decision.Kind;
            plan = decision.Kind switch
            {
                JsonMergeResolutionKind.Local => Copy(l),
                JsonMergeResolutionKind.Custom when decision.Removes => default,
                JsonMergeResolutionKind.Custom => new MergePlan(MergePlanKind.Node) { Node = decision.Value?.DeepClone() },
                _ => Copy(r),
            };
            if (decision.Kind == JsonMergeResolutionKind.Additive)
            {
                resolution = JsonMergeResolutionKind.Unresolved;
            }
        }
        else
        {
            (resolution, plan) = (rule?.Policy ?? _options.DefaultPolicy) switch
            {
                JsonConflictPolicy.PreferLocal => (JsonMergeResolutionKind.Local, Copy(l)),
                JsonConflictPolicy.PreferRemote => (JsonMergeResolutionKind.Remote, Copy(r)),
                JsonConflictPolicy.Additive when TryAdd(b, l, r, out var sum) => (JsonMergeResolutionKind.Additive, sum),
                _ => (JsonMergeResolutionKind.Unresolved, Copy(r)),
            };
        }

        conflict.Resolution = resolution;
        conflict.Result = plan.ToMergeValue();
        return plan;
    }

    private static bool TryAdd(MergeSlot b, MergeSlot l, MergeSlot r, out MergePlan sum)
    {
        sum = default;
        if (b.Kind != JsonValueKind.Number || l.Kind != JsonValueKind.Number || r.Kind != JsonValueKind.Number)
        {
            return false;
        }

        if (b.Value.TryGetDecimal(out var bd) && l.Value.TryGetDecimal(out var ld) && r.Value.TryGetDecimal(out var rd))
        {
            try
            {
                sum = new MergePlan(MergePlanKind.Decimal) { Decimal = rd + (ld - bd) };
                return true;
            }
            catch (OverflowException)
            {
                // Out of decimal range: fall through to double.
            }
        }

        sum = new MergePlan(MergePlanKind.Double) { Double = r.Value.GetDouble() + (l.Value.GetDouble() - b.Value.GetDouble()) };
        return double.IsFinite(sum.Double);
    }

    private static bool IsPrimitiveArray(MergeSlot slot) =>
        !slot.Exists || slot.Value.EnumerateArray().All(i => i.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array));

    /// <summary>A set member's identity: equal JSON values (1 and 1.0, escaped and plain strings) get equal keys.</summary>
    private static string SetKey(JsonElement item) => item.ValueKind switch
    {
        JsonValueKind.String => "s" + item.GetString(),
        JsonValueKind.Number when item.TryGetDecimal(out var d) => "n" + (d / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture),
        JsonValueKind.Number => "n" + item.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.True => "t",
        JsonValueKind.False => "f",
        _ => "z",
    };

    private static MergeSlot Member(JsonElement obj, ReadOnlySpan<byte> utf8Name) =>
        obj.TryGetProperty(utf8Name, out var value) ? MergeSlot.Of(value) : MergeSlot.Missing;

    private static MergeSlot Member(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) ? MergeSlot.Of(value) : MergeSlot.Missing;

    private static MergePlan Copy(MergeSlot source) => source.Exists ? new MergePlan(MergePlanKind.Copy) { Source = source } : default;
}
