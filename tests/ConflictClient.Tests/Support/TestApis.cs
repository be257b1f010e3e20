using System.Text.Json.Nodes;
using Refit;

namespace ConflictClient.Tests.Support;

public sealed record Todo
{
    public string Title { get; init; } = string.Empty;

    public bool Done { get; init; }

    public List<string> Tags { get; init; } = [];
}

/// <summary>A typed API, versions in ETag / If-Match.</summary>
public interface ITodoApi
{
    [Get("/todos/{id}")]
    Task<ApiResponse<Todo>> GetAsync(int id);

    [Put("/todos/{id}")]
    Task<Todo> UpdateAsync(int id, [Body] Todo todo, [Header("If-Match")] string? ifMatch, [Query] string? tenant = null, [Property(ConflictClient.Conflicts.ConflictRequestOptions.ReapplyKey)] ConflictClient.Conflicts.ReapplyRequest? reapply = null, [Property(ConflictClient.Conflicts.ConflictRequestOptions.ResultKey)] ConflictClient.Conflicts.ConflictWriteResult? result = null);

    [Put("/todos/{id}")]
    Task<Todo> UpdateWithCancellationAsync(int id, [Body] Todo todo, [Header("If-Match")] string? ifMatch, CancellationToken cancellationToken);

    [Put("/todos/{id}")]
    Task<ApiResponse<Todo>> UpdateWithResponseAsync(int id, [Body] Todo todo, [Header("If-Match")] string? ifMatch);

    [Delete("/todos/{id}")]
    Task DeleteAsync(int id, [Header("If-Match")] string? ifMatch);

    [Post("/todos")]
    Task<Todo> CreateAsync([Body] Todo todo);
}

/// <summary>An untyped API over JSON documents, for body versions at any pointer.</summary>
public interface IDocumentApi
{
    [Get("/docs/{id}")]
    Task<JsonObject> GetAsync(string id);

    [Get("/docs/{id}")]
    Task<ApiResponse<JsonObject>> GetWithResponseAsync(string id);

    [Put("/docs/{id}")]
    Task<JsonObject> PutAsync(string id, [Body] JsonObject document, [Property(ConflictClient.Conflicts.ConflictRequestOptions.ResultKey)] ConflictClient.Conflicts.ConflictWriteResult? result = null);

    [Put("/docs/{id}")]
    Task<JsonObject> PutConditionalAsync(string id, [Body] JsonObject document, [Header("If-Match")] string ifMatch, [Property(ConflictClient.Conflicts.ConflictRequestOptions.ReapplyKey)] ConflictClient.Conflicts.ReapplyRequest? reapply = null, [Property(ConflictClient.Conflicts.ConflictRequestOptions.ResultKey)] ConflictClient.Conflicts.ConflictWriteResult? result = null);

    [Put("/docs/{id}")]
    Task<JsonObject> PutWithQueryVersionAsync(string id, [Body] JsonObject document, [Query, AliasAs("if_seq_no")] string seqNo, [Query, AliasAs("if_primary_term")] string primaryTerm);

    [Put("/docs/{id}")]
    Task<JsonObject> PutWithBaseAsync(
        string id,
        [Body] JsonObject document,
        [Header("If-Match")] string ifMatch,
        [Property(ConflictClient.Conflicts.ConflictRequestOptions.BaseKey)] JsonObject originalDocument);
}

public sealed record User
{
    public int Id { get; init; }

    public string Email { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;
}

/// <summary>A sign-up API: POST creates, e-mail unique; PUT-to-create for things.</summary>
public interface IUserApi
{
    [Post("/users")]
    Task<ApiResponse<User>> RegisterAsync([Body] User user);

    [Post("/users")]
    Task<ApiResponse<User>> RegisterWithKeyAsync([Body] User user, [Header("Idempotency-Key")] string idempotencyKey);

    [Post("/users")]
    Task<ApiResponse<User>> RegisterWithPolicyAsync([Body] User user, [Property(ConflictClient.Conflicts.ConflictRequestOptions.DuplicatePolicyKey)] ConflictClient.Conflicts.DuplicatePolicy policy);

    [Put("/things/{id}")]
    Task<ApiResponse<JsonObject>> PutThingAsync(string id, [Body] JsonObject thing, [Property(ConflictClient.Conflicts.ConflictRequestOptions.CreateOnlyKey)] bool createOnly);
}

/// <summary>Counters written with a caller's cancellation token.</summary>
public interface ICancellableCounterApi : ICounterApi
{
    [Put("/counters/{id}")]
    Task<Counter> PutAsync(int id, [Body] Counter counter, [Header("If-Match")] string? ifMatch, [Header("X-Operation-Id")] string operation, CancellationToken cancellationToken, [Property(ConflictClient.Conflicts.ConflictRequestOptions.ReapplyKey)] ConflictClient.Conflicts.ReapplyRequest? reapply = null);
}

/// <summary>Counters whose writes carry a query string their reads do not.</summary>
public interface IQueryCounterApi : ICounterApi
{
    [Put("/counters/{id}")]
    Task<Counter> PutAsync(int id, [Body] Counter counter, [Header("If-Match")] string? ifMatch, [Header("X-Operation-Id")] string operation, [Query] string tenant, [Property(ConflictClient.Conflicts.ConflictRequestOptions.ReapplyKey)] ConflictClient.Conflicts.ReapplyRequest? reapply = null);
}

/// <summary>Documents of a CouchDB database (the client's base address is the database's URI).</summary>
public interface ICouchDocumentApi
{
    [Get("/{id}")]
    Task<ApiResponse<JsonObject>> GetAsync(string id);

    [Put("/{id}")]
    Task<JsonObject> PutAsync(string id, [Body] JsonObject document, [Property(ConflictClient.Conflicts.ConflictRequestOptions.ReapplyKey)] ConflictClient.Conflicts.ReapplyRequest? reapply = null);

    [Delete("/{id}")]
    Task DeleteAsync(string id, [Query] string rev);

    [Post("")]
    Task<JsonObject> PostAsync([Body] JsonObject document);
}

/// <summary>Entities of an Azure table (the client's base address is the account's URI).</summary>
public interface ITableApi
{
    [Get("/{table}(PartitionKey='{partition}',RowKey='{row}')")]
    Task<ApiResponse<JsonObject>> GetAsync(string table, string partition, string row);

    [Put("/{table}(PartitionKey='{partition}',RowKey='{row}')")]
    Task<ApiResponse<JsonObject>> UpdateAsync(string table, string partition, string row, [Body] JsonObject entity, [Header("If-Match")] string? ifMatch, [Property(ConflictClient.Conflicts.ConflictRequestOptions.ReapplyKey)] ConflictClient.Conflicts.ReapplyRequest? reapply = null);

    [Post("/{table}")]
    Task<ApiResponse<JsonObject>> InsertAsync(string table, [Body] JsonObject entity);

    [Delete("/{table}(PartitionKey='{partition}',RowKey='{row}')")]
    Task DeleteAsync(string table, string partition, string row, [Header("If-Match")] string ifMatch);
}

/// <summary>Documents patched with JSON Merge Patch.</summary>
public interface IPatchApi
{
    [Get("/docs/{id}")]
    Task<ApiResponse<JsonObject>> GetAsync(string id);

    [Patch("/docs/{id}")]
    Task<JsonObject> PatchAsync(string id, [Body] JsonObject patch, [Header("If-Match")] string ifMatch);

    [Patch("/docs/{id}")]
    Task<JsonObject> PatchVersionedAsync(string id, [Body] JsonObject patch);

    [Patch("/docs/{id}")]
    [Headers("Content-Type: application/json-patch+json")]
    Task<JsonObject> JsonPatchAsync(string id, [Body] JsonArray patch, [Header("If-Match")] string ifMatch);

    [Patch("/docs/{id}")]
    [Headers("Content-Type: application/vnd.api+json")]
    Task<JsonObject> VendorPatchAsync(string id, [Body] JsonObject patch, [Header("If-Match")] string ifMatch);

    [Patch("/docs/{id}")]
    [Headers("Content-Type: application/merge-patch+json")]
    Task<JsonObject> MergePatchAsync(string id, [Body] JsonNode patch, [Header("If-Match")] string ifMatch);
}
