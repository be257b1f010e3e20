using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ConflictClient.SignupExample;

/// <summary>
/// An embedded Kestrel API on 127.0.0.1 (ephemeral port): e-mails are unique. A second sign-up with a taken e-mail gets
/// 409 with problem details (code EMAIL_TAKEN) and the existing account's Location. Accounts carry ETags; PUT needs If-Match.
/// </summary>
public sealed class SignupServer : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, (long Version, JsonObject Body)> _accounts = [];
    private readonly WebApplication _app;

    private SignupServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public int CreatesApplied { get; private set; }

    public int UpdatesApplied { get; private set; }

    public IReadOnlyList<JsonObject> Accounts()
    {
        lock (_gate)
        {
            return [.. _accounts.Values.Select(a => (JsonObject)a.Body.DeepClone())];
        }
    }

    public static async Task<SignupServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new SignupServer(builder.Build());

        // Typed as Func so the route handler overload writes the IResult.
        server._app.MapPost("/accounts", (Func<HttpContext, Task<IResult>>)server.SignUpAsync);
        server._app.MapGet("/accounts/{id:int}", (Func<HttpContext, int, IResult>)server.Get);
        server._app.MapPut("/accounts/{id:int}", (Func<HttpContext, int, Task<IResult>>)server.UpdateAsync);
        await server._app.StartAsync();
        server.BaseAddress = new Uri(server._app.Urls.First());
        return server;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static string ETag(long version) => $"\"{version}\"";

    private async Task<IResult> SignUpAsync(HttpContext context)
    {
        if (await JsonNode.ParseAsync(context.Request.Body) is not JsonObject account || account["email"]?.GetValue<string>() is not { } email)
        {
            return Results.Problem(title: "An account needs an e-mail", statusCode: 400);
        }

        lock (_gate)
        {
            if (_accounts.FirstOrDefault(a => a.Value.Body["email"]!.GetValue<string>() == email) is { Value.Body: not null } taken)
            {
                context.Response.Headers.Location = $"/accounts/{taken.Key}";
                return Results.Problem(
                    type: "https://signup.example/problems/email-taken",
                    title: "E-mail already registered",
                    detail: $"{email} belongs to account {taken.Key}.",
                    statusCode: 409,
                    extensions: new Dictionary<string, object?> { ["code"] = "EMAIL_TAKEN", ["location"] = $"/accounts/{taken.Key}" });
            }

            var id = _accounts.Count + 1;
            account["id"] = id;
            _accounts[id] = (1, account);
            CreatesApplied++;
            context.Response.Headers.ETag = ETag(1);
            return Results.Created($"/accounts/{id}", account);
        }
    }

    private IResult Get(HttpContext context, int id)
    {
        lock (_gate)
        {
            if (!_accounts.TryGetValue(id, out var account))
            {
                return Results.Problem(title: "No such account", statusCode: 404);
            }

            context.Response.Headers.ETag = ETag(account.Version);
            return Results.Text(account.Body.ToJsonString(), "application/json");
        }
    }

    private async Task<IResult> UpdateAsync(HttpContext context, int id)
    {
        var incoming = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
        var ifMatch = context.Request.Headers.IfMatch.ToString();
        lock (_gate)
        {
            if (incoming is null || !_accounts.TryGetValue(id, out var account))
            {
                return Results.Problem(title: "No such account", statusCode: 404);
            }

            if (ifMatch != ETag(account.Version))
            {
                return Results.Problem(title: "Version mismatch", statusCode: 412);
            }

            incoming["id"] = id;
            _accounts[id] = (account.Version + 1, incoming);
            UpdatesApplied++;
            context.Response.Headers.ETag = ETag(account.Version + 1);
            return Results.Text(incoming.ToJsonString(), "application/json");
        }
    }
}
