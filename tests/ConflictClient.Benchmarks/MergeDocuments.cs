using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ConflictClient.Benchmarks;

/// <summary>
/// Deterministic order documents of about the requested size: a header and a list of line items keyed by id. The local
/// side changes one item near the start, the remote side one item near the end: one change on each side, no conflict.
/// </summary>
public static class MergeDocuments
{
    /// <summary>
    /// As <see cref="Create"/>, but the local side inserts a new item at the front: the items no longer line up by
    /// position, so a keyed merge must match them by id.
    /// </summary>
    public static (byte[] Base, byte[] Local, byte[] Remote) CreateShifted(int approximateBytes)
    {
        var (baseJson, _, remote) = Create(approximateBytes);
        var local = JsonNode.Parse(baseJson)!;
        local["items"]!.AsArray().Insert(0, new JsonObject { ["id"] = "item-new", ["sku"] = "SKU-NEW", ["qty"] = 1, ["price"] = 1.0, ["tags"] = new JsonArray("new") });
        return (baseJson, Bytes(local), remote);
    }

    public static (byte[] Base, byte[] Local, byte[] Remote) Create(int approximateBytes)
    {
        var document = new JsonObject
        {
            ["id"] = "order-42",
            ["customer"] = new JsonObject { ["name"] = "Ada Lovelace", ["email"] = "ada@example.test", ["tier"] = "gold" },
            ["status"] = "open",
            ["items"] = new JsonArray(),
        };
        var items = document["items"]!.AsArray();
        for (var (i, length) = (0, 0); length < approximateBytes - 160; i++)
        {
            var item = new JsonObject
            {
                ["id"] = $"item-{i:D5}",
                ["sku"] = $"SKU-{i * 7919 % 100000:D5}",
                ["qty"] = (i % 5) + 1,
                ["price"] = Math.Round(9.99 + (i % 13), 2),
                ["tags"] = new JsonArray("standard", i % 2 == 0 ? "even" : "odd"),
            };
            length += item.ToJsonString().Length + 1; // counted as it grows: serializing the whole list each time is quadratic
            items.Add(item);
        }

        var local = document.DeepClone();
        local["items"]![Math.Min(1, items.Count - 1)]!["qty"] = 99;
        var remote = document.DeepClone();
        remote["items"]![items.Count - 1]!["price"] = 0.5;
        return (Bytes(document), Bytes(local), Bytes(remote));
    }

    private static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    public static string Describe(byte[] utf8) =>
        (utf8.Length / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB, " +
        JsonNode.Parse(utf8)!["items"]!.AsArray().Count.ToString(CultureInfo.InvariantCulture) + " keyed items";
}
