using Refit;

namespace ConflictClient.Tests.Support;

/// <summary>A counter, versioned by ETag or by a CouchDB-style <c>_rev</c>.</summary>
public sealed record Counter
{
    public int Count { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("_rev")]
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Rev { get; init; }
}

/// <summary>The counters' JSON, source-generated (Refit 17 needs metadata; 16.4 takes it too).</summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(Counter))]
public sealed partial class CounterJson : System.Text.Json.Serialization.JsonSerializerContext
{
    /// <summary>Refit settings that serialize with this context.</summary>
    public static RefitSettings Refit() => new(new SystemTextJsonContentSerializer(Default.Options));
}

/// <summary>Counters on <see cref="KestrelResourceServer"/>; each write names its operation, so the server counts how often it was applied.</summary>
public interface ICounterApi
{
    [Get("/counters/{id}")]
    Task<ApiResponse<Counter>> GetAsync(int id);

    [Put("/counters/{id}")]
    Task<Counter> PutAsync(int id, [Body] Counter counter, [Header("If-Match")] string? ifMatch, [Header("X-Operation-Id")] string operation, [Property(ConflictClient.Conflicts.ConflictRequestOptions.ReapplyKey)] ConflictClient.Conflicts.ReapplyRequest? reapply = null);
}

/// <summary>Counters that can be deleted.</summary>
public interface IDeletableCounterApi : ICounterApi
{
    [Delete("/counters/{id}")]
    Task DeleteAsync(int id, [Header("If-Match")] string ifMatch);
}
