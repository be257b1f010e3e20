using ConflictClient.Conflicts;
using Microsoft.Extensions.Options;

namespace ConflictClient.DependencyInjection;

/// <summary>Validates a client's options when the host starts, naming the client and each invalid option.</summary>
internal sealed class ConflictResolutionStartupValidator : IValidateOptions<ConflictResolutionStrategyOptions>
{
    private readonly ConflictResolutionOptionsValidator _validator = new();

    public ValidateOptionsResult Validate(string? name, ConflictResolutionStrategyOptions options)
    {
        var result = _validator.Validate(nameof(ConflictResolutionStrategyOptions), options);
        if (!result.Failed)
        {
            return ValidateOptionsResult.Success;
        }

        var client = ConflictResolutionConfiguration.DisplayName(name);
        return ValidateOptionsResult.Fail(result.Failures!.Select(failure => $"Conflict resolution options of {client}: {failure}"));
    }
}
