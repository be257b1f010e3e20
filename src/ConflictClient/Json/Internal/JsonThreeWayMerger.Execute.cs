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
    private void Execute(in MergePlan plan)
    {
        switch (plan.Kind)
        {
            case MergePlanKind.Copy:
                plan.Source.Value.WriteTo(_writer);
                break;
            case MergePlanKind.Node when plan.Node is null:
                _writer.WriteNullValue();
                break;
            case MergePlanKind.Node:
                plan.Node!.WriteTo(_writer);
                break;
            case MergePlanKind.Decimal:
                _writer.WriteNumberValue(plan.Decimal);
                break;
            case MergePlanKind.Double:
                _writer.WriteNumberValue(plan.Double);
                break;
            case MergePlanKind.Object:
                MergeObject(plan.Base, plan.Local.Value, plan.Remote.Value, plan.Rules);
                break;
            case MergePlanKind.KeyedArray:
                MergeKeyedArray(plan);
                break;
            case MergePlanKind.AlignedArray:
                MergeAlignedArray(plan.Base, plan.Local.Value, plan.Remote.Value, plan.Rules);
                break;
            case MergePlanKind.SetArray:
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
        _path.Add(new MergePathSegment(property));
        var plan = Decide(b, l, r, rules is { HasChildren: true } ? rules.Child(property.Name) : null);
        if (plan.Kind != MergePlanKind.Missing)
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

    /// <summary>The remote's items in the remote's order, each merged with my item and the base's of the same key; then the items only I have, in my order.</summary>
    private void MergeKeyedArray(in MergePlan plan)
    {
        using var match = plan.Keyed!;
        var index = 0;
        _writer.WriteStartArray();
        for (var i = 0; i < match.RemoteCount; i++)
        {
            index += MergeListItem(index, match.Base(i), match.Local(i), match.Remote(i), plan.Rules) ? 1 : 0;
        }

        for (var j = 0; j < match.LocalOnlyCount; j++)
        {
            index += MergeListItem(index, match.BaseOfLocalOnly(j), match.LocalOnly(j), MergeSlot.Missing, plan.Rules) ? 1 : 0;
        }

        _writer.WriteEndArray();
    }

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
            }

            index += MergeListItem(index, baseItem, MergeSlot.Of(localItems.Current), MergeSlot.Of(remote), rules) ? 1 : 0;
        }

        _writer.WriteEndArray();
    }

    /// <summary>
    /// One item of a matched list. An item I did not change is the remote's as it is: written whole, without a plan
    /// (most items of a long list take this path).
    /// </summary>
    private bool MergeListItem(int index, MergeSlot b, MergeSlot l, MergeSlot r, JsonMergeRuleTree.Cursor? rules)
    {
        if (b.Exists && l.Exists && r.Exists && JsonElement.DeepEquals(b.Value, l.Value))
        {
            r.Value.WriteTo(_writer);
            return true;
        }

        return MergeItem(index, b, l, r, rules);
    }

    private bool MergeItem(int index, MergeSlot b, MergeSlot l, MergeSlot r, JsonMergeRuleTree.Cursor? rules)
    {
        _path.Add(new MergePathSegment(index));
        var plan = Decide(b, l, r, rules is { HasChildren: true } ? rules.Child(index.ToString(CultureInfo.InvariantCulture)) : null, isItem: true);
        var written = plan.Kind != MergePlanKind.Missing;
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

    private string PathText()
    {
        if (_path.Count == 0)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        foreach (var segment in _path)
        {
            builder.Append('/').Append(segment.Text);
        }

        return builder.ToString();
    }
}
