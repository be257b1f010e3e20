using System.Net;
using System.Text.Json.Nodes;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using ConflictClient.Profiles;
using ConflictClient.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace ConflictClient.Tests.Profiles;

/// <summary>
/// Against Azurite, Microsoft's official Azure Storage emulator (Table service, from npm, in memory): weak
/// <c>W/"datetime'…'"</c> ETags, 412 <c>UpdateConditionNotSatisfied</c> and 409 <c>EntityAlreadyExists</c> as OData
/// errors with <c>x-ms-error-code</c>, and updates answered 204. The only configuration is the profile.
/// </summary>
public sealed class AzureTablesProfileTests(AzuriteServer azurite) : IClassFixture<AzuriteServer>
{
    [Fact]
    public async Task Increments_SixteenIndependentClientsOnDefaults_NoneLostNoneFailed()
    {
        const int writers = 16, increments = 25;
        var table = await azurite.CreateTableAsync();
        await Insert(table, new JsonObject { ["PartitionKey"] = "p", ["RowKey"] = "counter", ["count"] = 0 });
        var failures = await IndependentWriters.RunAsync<ITableApi>(writers, increments, () => Client(o => o.MergeStrategy = MergeStrategy.Fail), (api, _, _) =>
            Reapply.UpdateAsync(api,
                a => a.GetAsync(table, "p", "counter"),
                async (a, entity, etag, reapply) => (await a.UpdateAsync(table, "p", "counter", entity, etag, reapply: reapply)).Content ?? entity,
                entity => Increment(entity)));

        Assert.Empty(failures);
        Assert.Equal(writers * increments, (await Read(table, "counter"))["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task ThreeWay_ModelWithoutTheServersFieldsOnDefaults_NoneFailedNoneLost()
    {
        // The caller's model has its own fields only: no Timestamp, no odata.* members. Without the profile, those
        // are members the base has and the caller's body lacks: not modelled, so the server's values are kept.
        const int writers = 8, rounds = 5;
        var table = await azurite.CreateTableAsync();
        await Insert(table, new JsonObject { ["PartitionKey"] = "p", ["RowKey"] = "board" });
        var failures = await IndependentWriters.RunAsync<ITableApi>(writers, rounds, () => Client(o => o.MergeStrategy = MergeStrategy.ThreeWay(), profile: false), async (api, writer, round) =>
        {
            using var read = await api.GetAsync(table, "p", "board");
            var modelled = new JsonObject { ["PartitionKey"] = "p", ["RowKey"] = "board" };
            for (var field = 0; field < writers; field++)
            {
                if (read.Content!.TryGetPropertyValue($"f{field}", out var value))
                {
                    modelled[$"f{field}"] = value!.DeepClone();
                }
            }

            modelled[$"f{writer}"] = round + 1;
            using var written = await api.UpdateAsync(table, "p", "board", modelled, read.Headers.ETag!.ToString());
            await written.EnsureSuccessStatusCodeAsync();
        });

        Assert.Empty(failures);
        var stored = await Read(table, "board");
        Assert.All(Enumerable.Range(0, writers), field => Assert.Equal(rounds, stored[$"f{field}"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Insert_EntityExistsUnderFail_ThrowsDuplicateWithTheServersCode()
    {
        var table = await azurite.CreateTableAsync();
        await Insert(table, new JsonObject { ["PartitionKey"] = "p", ["RowKey"] = "ada", ["name"] = "first" });
        await using var provider = Client(o => o.MergeStrategy = MergeStrategy.ClientWins);

        var error = await Assert.ThrowsAsync<DuplicateResourceException>(() =>
            provider.GetRequiredService<ITableApi>().InsertAsync(table, new JsonObject { ["PartitionKey"] = "p", ["RowKey"] = "ada", ["name"] = "second" }));

        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        Assert.Equal("first", (await Read(table, "ada"))["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Insert_EntityExistsUnderAdoptExisting_ReturnsTheExistingEntity()
    {
        var table = await azurite.CreateTableAsync();
        await Insert(table, new JsonObject { ["PartitionKey"] = "p", ["RowKey"] = "ada", ["name"] = "first" });
        await using var provider = Client(o =>
        {
            o.MergeStrategy = MergeStrategy.ClientWins;
            o.Creates.DuplicatePolicy = DuplicatePolicy.AdoptExisting;
        });

        using var adopted = await provider.GetRequiredService<ITableApi>().InsertAsync(table, new JsonObject { ["PartitionKey"] = "p", ["RowKey"] = "ada", ["name"] = "second" });

        Assert.Equal(HttpStatusCode.OK, adopted.StatusCode);
        Assert.Equal("first", adopted.Content!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Insert_EntityExistsUnderMergeIntoExisting_UpdatesItAndReturnsTheUpdatedState()
    {
        var table = await azurite.CreateTableAsync();
        await Insert(table, new JsonObject { ["PartitionKey"] = "p", ["RowKey"] = "ada", ["name"] = "first", ["kept"] = true });
        await using var provider = Client(o =>
        {
            o.MergeStrategy = MergeStrategy.ThreeWay(m => m.DefaultPolicy = ConflictClient.Json.JsonConflictPolicy.PreferLocal);
            o.Creates.DuplicatePolicy = DuplicatePolicy.MergeIntoExisting;
        });

        using var merged = await provider.GetRequiredService<ITableApi>().InsertAsync(table, new JsonObject { ["PartitionKey"] = "p", ["RowKey"] = "ada", ["name"] = "second" });

        // Azure answers the update 204: the caller still gets the state it wrote.
        Assert.Equal("second", merged.Content!["name"]!.GetValue<string>());
        var stored = await Read(table, "ada");
        Assert.Equal("second", stored["name"]!.GetValue<string>());
        Assert.True(stored["kept"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Delete_StaleETagUnderClientWins_DeletesTheCurrentEntity()
    {
        var table = await azurite.CreateTableAsync();
        var first = await Insert(table, new JsonObject { ["PartitionKey"] = "p", ["RowKey"] = "doc", ["title"] = "original" });
        await Update(table, "doc", new JsonObject { ["title"] = "theirs" });
        await using var provider = Client(o => o.MergeStrategy = MergeStrategy.ClientWins);

        await provider.GetRequiredService<ITableApi>().DeleteAsync(table, "p", "doc", first);

        using var http = AzuriteServer.Client();
        using var gone = await http.GetAsync(Entity(table, "doc"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Delete_StaleETagUnderFail_FailsTypedAndKeepsTheEntity()
    {
        var table = await azurite.CreateTableAsync();
        var first = await Insert(table, new JsonObject { ["PartitionKey"] = "p", ["RowKey"] = "doc", ["title"] = "original" });
        await Update(table, "doc", new JsonObject { ["title"] = "theirs" });
        await using var provider = Client(o => o.MergeStrategy = MergeStrategy.Fail);

        var error = await Assert.ThrowsAsync<ConflictException>(() => provider.GetRequiredService<ITableApi>().DeleteAsync(table, "p", "doc", first));

        Assert.Equal(ConflictFailureReason.MergeGaveUp, error.Reason);
        Assert.Equal("UpdateConditionNotSatisfied", error.ErrorCode);
        Assert.Equal("theirs", (await Read(table, "doc"))["title"]!.GetValue<string>());
    }

    private static JsonObject? Increment(JsonObject entity)
    {
        var next = (JsonObject)entity.DeepClone();
        next["count"] = entity["count"]!.GetValue<int>() + 1;
        return next;
    }

    private ServiceProvider Client(Action<ConflictResolutionStrategyOptions> configure, bool profile = true)
    {
        var services = new ServiceCollection();
        services.AddRefitGeneratedClient<ITableApi>(TestJson.Refit().UseConflictExceptions())
            .ConfigureHttpClient(c => c.BaseAddress = azurite.BaseUri)
            .AddConflictResolution(o =>
            {
                if (profile)
                {
                    o.Use(ConflictProfiles.AzureTables);
                }

                configure(o);
            })
            .AddHttpMessageHandler(() => new AzuriteServer.SignRequests());
        return services.BuildServiceProvider();
    }

    private Uri Entity(string table, string row) => new(azurite.BaseUri, $"{table}(PartitionKey='p',RowKey='{row}')");

    private async Task<string> Insert(string table, JsonObject entity)
    {
        using var http = AzuriteServer.Client();
        using var response = await http.PostAsync(new Uri(azurite.BaseUri, table), new StringContent(entity.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return response.Headers.ETag!.ToString();
    }

    private async Task Update(string table, string row, JsonObject entity)
    {
        using var http = AzuriteServer.Client();
        using var request = new HttpRequestMessage(HttpMethod.Put, Entity(table, row)) { Content = new StringContent(entity.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    private async Task<JsonObject> Read(string table, string row)
    {
        using var http = AzuriteServer.Client();
        return (JsonObject)JsonNode.Parse(await http.GetStringAsync(Entity(table, row)))!;
    }
}
