using ConflictClient.Conflicts;
using ConflictClient.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Reads a client's conflict-resolution options back, by a name people use.</summary>
public static class ConflictResolutionServiceProviderExtensions
{
    /// <summary>
    /// Gets the conflict-resolution options of the HTTP client named <paramref name="clientName"/>: the name it was
    /// registered with, or, for a Refit client (whose registered name is the generated type's), its interface's name.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="clientName">The client's name, such as <c>"todos"</c> or <c>"ITodoApi"</c>.</param>
    /// <returns>The options, as configured.</returns>
    /// <exception cref="InvalidOperationException">No client of that name has conflict resolution; the message lists those that do.</exception>
    /// <remarks>
    /// Unlike <c>IOptionsMonitor&lt;ConflictResolutionStrategyOptions&gt;.Get(name)</c>, which quietly returns defaults
    /// for a name it does not know, this fails.
    /// </remarks>
    public static ConflictResolutionStrategyOptions GetConflictResolutionOptions(this IServiceProvider services, string clientName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(clientName);
        var registered = services.GetServices<ConflictResolutionRegistration>().Select(r => r.ClientName).ToList();
        var name = registered.FirstOrDefault(n => n == clientName)
            ?? registered.FirstOrDefault(n => ConflictResolutionConfiguration.ShortName(n) == clientName)
            ?? throw new InvalidOperationException(
                $"No HTTP client named '{clientName}' has conflict resolution. Clients with it: " +
                $"{(registered.Count == 0 ? "none" : string.Join(", ", registered.Select(n => $"'{ConflictResolutionConfiguration.ShortName(n)}'")))}.");
        return services.GetRequiredService<IOptionsMonitor<ConflictResolutionStrategyOptions>>().Get(name);
    }

    /// <summary>Gets the conflict-resolution options of the typed or Refit client <typeparamref name="TClient"/>.</summary>
    /// <typeparam name="TClient">The client's type, such as a Refit interface.</typeparam>
    /// <param name="services">The application's services.</param>
    /// <returns>The options, as configured.</returns>
    /// <exception cref="InvalidOperationException">That client has no conflict resolution.</exception>
    public static ConflictResolutionStrategyOptions GetConflictResolutionOptions<TClient>(this IServiceProvider services) =>
        services.GetConflictResolutionOptions(typeof(TClient).Name);
}
