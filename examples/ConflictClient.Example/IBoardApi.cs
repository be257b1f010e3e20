using System.Text.Json;
using System.Text.Json.Serialization;
using ConflictClient.Conflicts;
using Refit;

namespace ConflictClient.Example;

/// <summary>A shared board of cards; every editor adds its own cards.</summary>
public sealed record Board(string Title, IReadOnlyList<string> Cards);

/// <summary>The example's JSON, generated at build time: Refit 17 needs it (16.4 takes it too), and it is trim- and AOT-safe.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Board))]
public sealed partial class BoardJson : JsonSerializerContext;


/// <summary>The board API as a typed Refit client; versions travel in ETag / If-Match.</summary>
public interface IBoardApi
{
    [Get("/boards/{id}")]
    Task<ApiResponse<Board>> GetAsync(int id);

    [Put("/boards/{id}")]
    Task<Board> PutAsync(int id, [Body] Board board, [Header("If-Match")] string ifMatch, [Property(ConflictRequestOptions.ResultKey)] ConflictWriteResult? result = null);
}
