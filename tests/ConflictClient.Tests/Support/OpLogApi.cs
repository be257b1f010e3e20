using Refit;

namespace ConflictClient.Tests.Support;

/// <summary>A log of operation ids: the final document tells exactly which operations were applied, and how often.</summary>
public sealed record OpLog
{
    public IReadOnlyList<string> Ops { get; init; } = [];
}

/// <summary>Op logs on <see cref="KestrelResourceServer"/>, written with a caller's cancellation token.</summary>
public interface IOpLogApi
{
    [Get("/logs/{id}")]
    Task<ApiResponse<OpLog>> GetAsync(int id);

    [Put("/logs/{id}")]
    Task<OpLog> PutAsync(int id, [Body] OpLog log, [Header("If-Match")] string? ifMatch, [Header("X-Operation-Id")] string operation, CancellationToken cancellationToken, [Property(ConflictClient.Conflicts.ConflictRequestOptions.ReapplyKey)] ConflictClient.Conflicts.ReapplyRequest? reapply = null);
}
