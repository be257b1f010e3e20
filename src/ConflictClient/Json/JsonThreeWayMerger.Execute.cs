using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConflictClient.Json;

/// <summary>The engine's second half: executing a plan, writing merged objects and arrays as it walks them.</summary>
internal sealed partial class JsonThreeWayMerger
{
    private void Execute(in Plan plan)
    {
        switch (plan.Kind)
        {
            case PlanKind.Copy:
                plan.Source.Value.WriteTo(_writer);
                break;
            case PlanKind.Node when plan.Node is null:
                _writer.WriteNullValue();
                break;
            case PlanKind.Node:
                plan.Node!.WriteTo(_writer);
                break;
            case PlanKind.Decimal:
                _writer.WriteNumberValue(plan.Decimal);
                break;
            case PlanKind.Double:
                _writer.WriteNumberValue(plan.Double);
                break;
            case PlanKind.Object:
                MergeObject(plan.Base, plan.Local.Value, plan.Remote.Value, plan.Rules);
                break;
            case PlanKind.KeyedArray:
                MergeKeyedArray(plan);
                break;
            case PlanKind.AlignedArray:
                MergeAlignedArray(plan.Base, plan.Local.Value, plan.Remote.Value, plan.Rules);
                break;
            case PlanKind.SetArray:
                MergeSetArray(plan.Base, plan.Local.Value, plan.Remote.Value);
                break;
        }
    }

    private void MergeObject(MergeSlot b, JsonElement l, JsonElement r, JsonMergeRuleTree.Cursor? rules)
    {
        _writer.WriteStartObject();

        // The remote's members first, in the remote's order; then members only I have.
        foreach (var remote in r.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(remote);
            var escaped = name.Contains((byte)'\\');
            var local = escaped ? Member(l, remote.Name) : Member(l, name);
            var baseValue = b.Exists ? (escaped ? Member(b.Value, remote.Name) : Member(b.Value, name)) : b;
            if (baseValue.Exists && local.Exists && MergeSlot.AreEqual(baseValue, local))
            {
                // Unchanged on my side: the remote member, name and value, as it is (whatever the rules say).
                remote.WriteTo(_writer);
                continue;
            }

            MergeMember(remote, baseValue, local, MergeSlot.Of(remote.Value), rules);
        }

        foreach (var local in l.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(local);
            var escaped = name.Contains((byte)'\\');
            if (escaped ? r.TryGetProperty(local.Name, out _) : r.TryGetProperty(name, out _))
            {
                continue;
            }

            var baseValue = b.Exists ? (escaped ? Member(b.Value, local.Name) : Member(b.Value, name)) : b;
            MergeMember(local, baseValue, MergeSlot.Of(local.Value), MergeSlot.Missing, rules);
        }

        _writer.WriteEndObject();
    }

    private void MergeMember(JsonProperty property, MergeSlot b, MergeSlot l, MergeSlot r, JsonMergeRuleTree.Cursor? rules)
    {
        _path.Add(new PathSegment(property));
        var plan = Decide(b, l, r, rules is { HasChildren: true } ? rules.Child(property.Name) : null);
        if (plan.Kind != PlanKind.Missing)
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(property);
            if (name.Contains((byte)'\\'))
            {
                _writer.WritePropertyName(property.Name);
            }
            else
            {
                _writer.WritePropertyName(name);
            }

            Execute(plan);
        }

        _path.RemoveAt(_path.Count - 1);
    }

    /// <summary>
    /// The remote's items in the remote's order, each merged with my item and the base's of the same key; then the
    /// items only I have, in my order. Matching tries the next item in line before the index (see <see cref="KeyedItems.Match"/>).
    /// </summary>
    private void MergeKeyedArray(in Plan plan)
    {
        var (baseItems, localItems, remoteItems) = plan.Keyed;
        var unknownBase = plan.Base.IsUnknown;
        var matchedLocally = ArrayPool<bool>.Shared.Rent(Math.Max(1, localItems.Count));
        try
        {
            Array.Clear(matchedLocally, 0, localItems.Count);
            var (index, nextLocal, nextBase) = (0, 0, 0);
            _writer.WriteStartArray();
            for (var i = 0; i < remoteItems.Count; i++)
            {
                var local = localItems.Match(remoteItems, i, ref nextLocal);
                if (local >= 0)
                {
                    matchedLocally[local] = true;
                }

                var baseItem = unknownBase ? MergeSlot.Unknown : SlotOf(baseItems, baseItems?.Match(remoteItems, i, ref nextBase) ?? -1);
                index += MergeItem(index, baseItem, SlotOf(localItems, local), MergeSlot.Of(remoteItems[i]), plan.Rules) ? 1 : 0;
            }

            for (var j = 0; j < localItems.Count; j++)
            {
                if (!matchedLocally[j])
                {
                    var baseItem = unknownBase ? MergeSlot.Unknown : SlotOf(baseItems, baseItems?.Match(localItems, j, ref nextBase) ?? -1);
                    index += MergeItem(index, baseItem, MergeSlot.Of(localItems[j]), MergeSlot.Missing, plan.Rules) ? 1 : 0;
                }
            }

            _writer.WriteEndArray();
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(matchedLocally);
            baseItems?.Dispose();
            localItems.Dispose();
            remoteItems.Dispose();
        }
    }

    private static MergeSlot SlotOf(KeyedItems? items, int index) => index >= 0 ? MergeSlot.Of(items![index]) : MergeSlot.Missing;

    private void MergeAlignedArray(MergeSlot b, JsonElement l, JsonElement r, JsonMergeRuleTree.Cursor? rules)
    {
        var index = 0;
        using var baseItems = b.Exists ? b.Value.EnumerateArray() : default;
        using var localItems = l.EnumerateArray();
        _writer.WriteStartArray();
        foreach (var remote in r.EnumerateArray())
        {
            localItems.MoveNext();
            var baseItem = b.IsUnknown ? MergeSlot.Unknown : MergeSlot.Missing;
            if (b.Exists)
            {
                baseItems.MoveNext();
                baseItem = MergeSlot.Of(baseItems.Current);
                if (JsonElement.DeepEquals(baseItems.Current, localItems.Current))
                {
                    remote.WriteTo(_writer);
                    index++;
                    continue;
                }
            }

            index += MergeItem(index, baseItem, MergeSlot.Of(localItems.Current), MergeSlot.Of(remote), rules) ? 1 : 0;
        }

        _writer.WriteEndArray();
    }

    private bool MergeItem(int index, MergeSlot b, MergeSlot l, MergeSlot r, JsonMergeRuleTree.Cursor? rules)
    {
        _path.Add(new PathSegment(index));
        var plan = Decide(b, l, r, rules is { HasChildren: true } ? rules.Child(index.ToString(CultureInfo.InvariantCulture)) : null);
        var written = plan.Kind != PlanKind.Missing;
        if (written)
        {
            Execute(plan);
        }

        _path.RemoveAt(_path.Count - 1);
        return written;
    }

    private void MergeSetArray(MergeSlot b, JsonElement l, JsonElement r)
    {
        var inBase = b.Exists ? b.Value.EnumerateArray().Select(SetKey).ToHashSet(StringComparer.Ordinal) : null;
        var inLocal = l.EnumerateArray().Select(SetKey).ToHashSet(StringComparer.Ordinal);
        var written = new HashSet<string>(StringComparer.Ordinal);
        _writer.WriteStartArray();
        foreach (var item in r.EnumerateArray())
        {
            var key = SetKey(item);
            var removedLocally = inBase is not null && inBase.Contains(key) && !inLocal.Contains(key);
            if (!removedLocally && written.Add(key))
            {
                item.WriteTo(_writer);
            }
        }

        foreach (var item in l.EnumerateArray())
        {
            var key = SetKey(item);
            var removedRemotely = inBase is not null && inBase.Contains(key);
            if (!removedRemotely && written.Add(key))
            {
                item.WriteTo(_writer);
            }
        }

        _writer.WriteEndArray();
    }
}
