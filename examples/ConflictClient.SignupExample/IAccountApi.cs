using System.Text.Json;
using System.Text.Json.Serialization;
using Refit;

namespace ConflictClient.SignupExample;

public sealed record Account(int Id, string Email, string Name);

/// <summary>The example's JSON, generated at build time: Refit 17 needs it (16.4 takes it too), and it is trim- and AOT-safe.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Account))]
public sealed partial class AccountJson : JsonSerializerContext;


/// <summary>The sign-up API as a typed Refit client.</summary>
public interface IAccountApi
{
    [Post("/accounts")]
    Task<ApiResponse<Account>> SignUpAsync([Body] Account account);
}
