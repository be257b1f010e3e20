using System.Text.Json.Nodes;

namespace ConflictClient.Tests.Oracles;

/// <summary>Loads the RFC data files under Oracles/Spec and looks cases up by name.</summary>
internal static class OracleSpecData
{
    private static readonly Lazy<JsonObject> Rfc6901File = new(() => Load("rfc6901.json"));
    private static readonly Lazy<JsonObject> Rfc6902File = new(() => Load("rfc6902.json"));
    private static readonly Lazy<JsonObject> Rfc7396File = new(() => Load("rfc7396.json"));

    public static JsonObject Rfc6901 => Rfc6901File.Value;

    public static JsonObject Rfc6902 => Rfc6902File.Value;

    public static JsonObject Rfc7396 => Rfc7396File.Value;

    /// <summary>The value of <paramref name="key"/> in each item of <paramref name="list"/> that passes <paramref name="filter"/>.</summary>
    public static TheoryData<string> Names(JsonObject file, string list, string key, Func<JsonObject, bool>? filter = null)
    {
        var data = new TheoryData<string>();
        foreach (var item in Items(file, list))
        {
            if (filter is null || filter(item))
            {
                data.Add(item[key]!.GetValue<string>());
            }
        }

        return data;
    }

    /// <summary>
    /// A private copy of the single item of <paramref name="list"/> whose <paramref name="key"/>
    /// is <paramref name="value"/> (a copy, so no two tests share nodes).
    /// </summary>
    public static JsonObject Find(JsonObject file, string list, string key, string value) =>
        Items(file, list)
            .Single(item => string.Equals(item[key]!.GetValue<string>(), value, StringComparison.Ordinal))
            .DeepClone()
            .AsObject();

    private static IEnumerable<JsonObject> Items(JsonObject file, string list) =>
        file[list]!.AsArray().Select(item => item!.AsObject());

    private static JsonObject Load(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Oracles", "Spec", fileName);
        return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
    }
}
