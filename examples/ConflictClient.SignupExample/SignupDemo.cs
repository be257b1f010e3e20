using System.Net;
using ConflictClient.Conflicts;
using ConflictClient.Merging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Refit;

namespace ConflictClient.SignupExample;

/// <summary>What one policy's round of concurrent sign-ups ended with.</summary>
public sealed record SignupRound(DuplicatePolicy Policy, int Created, int Adopted, int Merged, int Refused, int AccountsWithEmail, int CreatesApplied);

/// <summary>
/// Several people sign up with one e-mail at the same time, once under each duplicate policy, each round on a fresh
/// embedded server: Fail refuses the duplicates, AdoptExisting hands everybody the one account (get-or-create),
/// MergeIntoExisting updates it with each newcomer's name.
/// </summary>
public static class SignupDemo
{
    public static async Task<IReadOnlyList<SignupRound>> RunAsync(int signups, TextWriter output)
    {
        var rounds = new List<SignupRound>();
        foreach (var policy in Enum.GetValues<DuplicatePolicy>())
        {
            rounds.Add(await RunRoundAsync(policy, signups, output));
        }

        return rounds;
    }

    private static async Task<SignupRound> RunRoundAsync(DuplicatePolicy policy, int signups, TextWriter output)
    {
        await using var server = await SignupServer.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddRefitGeneratedClient<IAccountApi>(new RefitSettings(new SystemTextJsonContentSerializer(AccountJson.Default.Options)).UseConflictExceptions())
            .ConfigureHttpClient(c => c.BaseAddress = server.BaseAddress)
            .AddConflictResolution(options =>
            {
                options.Creates.DuplicatePolicy = policy;
                options.Retry.MaxAttempts = 10;
                // Names merge as a set, so merging again (after another conflict) adds nobody twice.
                options.MergeStrategy = MergeStrategy.Custom<Account>(args =>
                    ValueTask.FromResult(args.Merged(args.Remote with { Name = string.Join(" & ", Names(args.Remote).Union(Names(args.Local))) })), AccountJson.Default.Options);
            });
        using var host = builder.Build();
        await host.StartAsync();
        var api = host.Services.GetRequiredService<IAccountApi>();

        output.WriteLine($"DuplicatePolicy.{policy}: {signups} concurrent sign-ups as ada@example.test");
        var outcomes = await Task.WhenAll(Enumerable.Range(1, signups).Select(i => Task.Run(() => SignUpAsync(api, $"Ada {i}"))));
        foreach (var line in outcomes.Order(StringComparer.Ordinal))
        {
            output.WriteLine($"  {line}");
        }

        var accounts = server.Accounts().Where(a => a["email"]!.GetValue<string>() == "ada@example.test").ToList();
        output.WriteLine($"  server: {accounts.Count} account(s) with that e-mail, {server.CreatesApplied} create(s) applied, {server.UpdatesApplied} update(s); " +
            $"final name \"{accounts.Single()["name"]}\"");
        await host.StopAsync();
        return new SignupRound(
            policy,
            outcomes.Count(o => o.Contains("created", StringComparison.Ordinal)),
            outcomes.Count(o => o.Contains("adopted", StringComparison.Ordinal)),
            outcomes.Count(o => o.Contains("merged", StringComparison.Ordinal)),
            outcomes.Count(o => o.Contains("refused", StringComparison.Ordinal)),
            accounts.Count,
            server.CreatesApplied);
    }

    private static string[] Names(Account account) => account.Name.Split(" & ");

    private static async Task<string> SignUpAsync(IAccountApi api, string name)
    {
        try
        {
            using var response = await api.SignUpAsync(new Account(0, "ada@example.test", name));
            var account = response.Content!;
            return response.GetConflictWriteResult()?.Outcome switch
            {
                ConflictOutcome.Adopted => $"{name}: adopted existing account #{account.Id} (\"{account.Name}\"), {(int?)response.StatusCode}",
                ConflictOutcome.MergedIntoExisting => $"{name}: merged into account #{account.Id}, now \"{account.Name}\"",
                _ when response.StatusCode == HttpStatusCode.Created => $"{name}: created account #{account.Id}",
                _ => $"{name}: {(int?)response.StatusCode}",
            };
        }
        catch (DuplicateResourceException e)
        {
            return $"{name}: refused, {e.ServerMessage} (existing: {e.ExistingLocation})";
        }
    }
}
