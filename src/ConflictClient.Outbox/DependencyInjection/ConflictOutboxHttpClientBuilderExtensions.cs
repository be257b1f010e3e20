using ConflictClient.Outbox;
using ConflictClient.Outbox.Internal;
using ConflictClient.Outbox.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a durable outbox for a client with conflict resolution.</summary>
public static class ConflictOutboxHttpClientBuilderExtensions
{
    /// <summary>
    /// Gives the client a durable outbox (SQLite at <see cref="ConflictOutboxOptions.DatabasePath"/> by default) and a
    /// hosted sender that sends queued writes through the client when the server is reachable. Get the outbox with
    /// <c>GetConflictOutbox(name)</c> or as a keyed service under the client's name. Call <c>AddConflictResolution</c> on
    /// the same client (checked at start-up). Options are validated at start-up; calling it again configures the same
    /// options again and adds nothing else.
    /// </summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="configure">Sets any option.</param>
    /// <returns>The same builder.</returns>
    public static IHttpClientBuilder AddConflictOutbox(this IHttpClientBuilder builder, Action<ConflictOutboxOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var name = builder.Name;
        var services = builder.Services;
        var options = services.AddOptions<ConflictOutboxOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(ConflictOutboxRegistration) && d.ImplementationInstance is ConflictOutboxRegistration { ClientName: var registered } && registered == name))
        {
            return builder;
        }

        services.AddSingleton(new ConflictOutboxRegistration(name));
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConflictOutboxOptions>, ConflictOutboxOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConflictOutboxOptions>, ConflictOutboxClientValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddKeyedSingleton(name, (sp, _) =>
        {
            var settings = sp.GetRequiredService<IOptionsMonitor<ConflictOutboxOptions>>().Get(name);
            var store = settings.Store?.Invoke(sp) ?? new SqliteOutboxStore(settings.DatabasePath ?? ConflictOutboxConstants.DefaultDatabasePath(name));
            if (sp.GetConflictResolutionOptions(name).Creates.GenerateIdempotencyKeys)
            {
                // The client gives its writes keys: a queued write gets one at enqueue, kept, so a resend after a restart carries the same.
                settings.GenerateIdempotencyKeys = true;
            }

            return new ConflictOutbox(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(name), store, settings, sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILoggerFactory>(), sp.GetService<System.Diagnostics.Metrics.IMeterFactory>());
        });
        services.AddSingleton<IHostedService>(sp => new OutboxSenderService(sp.GetRequiredKeyedService<ConflictOutbox>(name), sp.GetService<ILogger<OutboxSenderService>>() ?? Logging.Abstractions.NullLogger<OutboxSenderService>.Instance));
        return builder;
    }

    /// <summary>Gets the outbox of the client named <paramref name="clientName"/> (for a typed client, its type's name will do).</summary>
    /// <param name="services">The service provider.</param>
    /// <param name="clientName">The client's name.</param>
    /// <returns>The outbox.</returns>
    /// <exception cref="InvalidOperationException">No client of that name has an outbox.</exception>
    public static ConflictOutbox GetConflictOutbox(this IServiceProvider services, string clientName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(clientName);
        var registered = services.GetServices<ConflictOutboxRegistration>().Select(r => r.ClientName).ToList();
        var name = registered.FirstOrDefault(n => n == clientName);
        if (name is null)
        {
            // A typed client's name is its generated type's assembly-qualified name (Refit: "…Generated…INotesApi, App, …").
            var typed = registered.Where(n => TypeNameOf(n).EndsWith(clientName, StringComparison.Ordinal)).ToList();
            name = typed.Count == 1 ? typed[0]
                : throw new InvalidOperationException(typed.Count > 1
                    ? $"More than one HTTP client with an outbox is named like '{clientName}': {string.Join(", ", typed.Select(n => $"'{n}'"))}. Pass the full name."
                    : $"No HTTP client named '{clientName}' has an outbox (AddConflictOutbox). Clients with one: {(registered.Count == 0 ? "none" : string.Join(", ", registered.Select(n => $"'{n}'")))}.");
        }

        return services.GetRequiredKeyedService<ConflictOutbox>(name);
    }

    /// <summary>Gets the outbox of the typed client <typeparamref name="TClient"/> (a Refit interface, for example).</summary>
    /// <typeparam name="TClient">The client's type.</typeparam>
    /// <param name="services">The service provider.</param>
    /// <returns>The outbox.</returns>
    /// <exception cref="InvalidOperationException">The client has no outbox.</exception>
    public static ConflictOutbox GetConflictOutbox<TClient>(this IServiceProvider services) => services.GetConflictOutbox(typeof(TClient).Name);

    private static string TypeNameOf(string clientName) => clientName.IndexOf(", ", StringComparison.Ordinal) is var comma and > 0 ? clientName[..comma] : clientName;
}
