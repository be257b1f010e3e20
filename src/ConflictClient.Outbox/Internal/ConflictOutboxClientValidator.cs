using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConflictClient.Outbox.Internal;

/// <summary>Fails start-up when a client has an outbox but no conflict resolution: its writes would be sent unguarded.</summary>
internal sealed class ConflictOutboxClientValidator(IServiceProvider services) : IValidateOptions<ConflictOutboxOptions>
{
    public ValidateOptionsResult Validate(string? name, ConflictOutboxOptions options)
    {
        if (name is null || !services.GetServices<ConflictOutboxRegistration>().Any(r => r.ClientName == name))
        {
            return ValidateOptionsResult.Skip;
        }

        try
        {
            _ = services.GetConflictResolutionOptions(name);
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("No HTTP client named", StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Fail(
                $"HTTP client '{name}' has an outbox (AddConflictOutbox) but no conflict resolution: call AddConflictResolution on the same client, " +
                "so that queued writes are sent with their precondition checked, merged on conflict, and never applied twice after a restart.");
        }
    }
}
