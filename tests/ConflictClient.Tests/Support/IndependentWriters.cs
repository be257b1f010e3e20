using System.Collections.Concurrent;
using ConflictClient.Conflicts;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Support;

/// <summary>Writers that share nothing (each its own client), making calls concurrently: the failures they met, by reason.</summary>
public static class IndependentWriters
{
    /// <summary>Runs <paramref name="writers"/> clients from <paramref name="client"/>, each making <paramref name="calls"/> calls; returns each failed call's reason.</summary>
    public static async Task<IReadOnlyCollection<string>> RunAsync<TApi>(int writers, int calls, Func<ServiceProvider> client, Func<TApi, int, int, Task> call)
        where TApi : notnull
    {
        var failures = new ConcurrentBag<string>();
        var providers = Enumerable.Range(0, writers).Select(_ => client()).ToList();
        try
        {
            await Task.WhenAll(providers.Select((provider, writer) => Task.Run(async () =>
            {
                var api = provider.GetRequiredService<TApi>();
                for (var i = 0; i < calls; i++)
                {
                    try
                    {
                        await call(api, writer, i);
                    }
                    catch (ConflictException e)
                    {
                        failures.Add($"w{writer}-{i}: {e.Reason}");
                    }
                }
            })));
        }
        finally
        {
            foreach (var provider in providers)
            {
                await provider.DisposeAsync();
            }
        }

        return failures;
    }
}
