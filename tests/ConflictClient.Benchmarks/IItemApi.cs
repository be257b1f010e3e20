using Refit;

namespace ConflictClient.Benchmarks;

public sealed record Item(string Name, int Count);

public interface IItemApi
{
    [Get("/{kind}/{id}")]
    Task<ApiResponse<Item>> GetAsync(string kind, string id);

    [Put("/{kind}/{id}")]
    Task<ApiResponse<Item>> PutAsync(string kind, string id, [Body] Item item, [Header("If-Match")] string ifMatch,
        [Property(ConflictClient.Conflicts.ConflictRequestOptions.ReapplyKey)] ConflictClient.Conflicts.ReapplyRequest? reapply = null);
}
