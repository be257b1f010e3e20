using Refit;

namespace ConflictClient.SignupExample;

public sealed record Account(int Id, string Email, string Name);

/// <summary>The sign-up API as a typed Refit client.</summary>
public interface IAccountApi
{
    [Post("/accounts")]
    Task<ApiResponse<Account>> SignUpAsync([Body] Account account);
}
