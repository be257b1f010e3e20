using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConflictClient.Outbox.Internal;

/// <summary>
/// Fails start-up when a client has an outbox but no conflict resolution (its writes would be sent unguarded), or when
/// two clients' outboxes share a database file (a sender sends every write of its file through its own client).
/// </summary>
internal sealed class ConflictOutboxClientValidator(IServiceProvider services) : IValidateOptions<ConflictOutboxOptions>
{
    public ValidateOptionsResult Validate(string? name, ConflictOutboxOptions options)
    {
        var clients = services.GetServices<ConflictOutboxRegistration>().Select(r => r.ClientName).ToList();
        if (name is null || !clients.Contains(name))
        {
            return ValidateOptionsResult.Skip;
        }

        try
        {
            _ = services.GetConflictResolutionOptions(name);
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("No HTTP client named", StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Fail(
                $"HTTP client '{name}' has an outbox (AddConflictOutbox) but no conflict resolution: call AddConflictResolution on the same client, " +
                "so that queued writes are sent with their precondition checked, merged on conflict, and never applied twice after a restart.");
        }

        if (options.Store is null)
        {
            var path = FullPath(options.DatabasePath ?? ConflictOutboxConstants.DefaultDatabasePath(name));
            foreach (var other in clients.Where(c => c != name))
            {
                // The other client's options as configured, without validating them (which would come back here).
                var others = Configured(other);
                if (others.Store is null && FullPath(others.DatabasePath ?? ConflictOutboxConstants.DefaultDatabasePath(other)).Equals(path, StringComparison.OrdinalIgnoreCase))
                {
                    return ValidateOptionsResult.Fail(
                        $"HTTP clients '{name}' and '{other}' have their outboxes in the same file ({System.IO.Path.GetFileName(path)}). Give each its own ConflictOutboxOptions.DatabasePath: " +
                        "a sender sends every write of its file through its own client, with that client's credentials.");
                }
            }
        }

        return ValidateOptionsResult.Success;
    }

    private static string FullPath(string path) => System.IO.Path.GetFullPath(path);

    private ConflictOutboxOptions Configured(string name)
    {
        var options = new ConflictOutboxOptions();
        foreach (var setup in services.GetServices<IConfigureOptions<ConflictOutboxOptions>>())
        {
            if (setup is IConfigureNamedOptions<ConflictOutboxOptions> named)
            {
                named.Configure(name, options);
            }
            else if (name == Microsoft.Extensions.Options.Options.DefaultName)
            {
                setup.Configure(options);
            }
        }

        foreach (var post in services.GetServices<IPostConfigureOptions<ConflictOutboxOptions>>())
        {
            post.PostConfigure(name, options);
        }

        return options;
    }
}
