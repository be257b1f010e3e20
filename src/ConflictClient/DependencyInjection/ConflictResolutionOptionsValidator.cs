using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using ConflictClient.Conflicts;
using Microsoft.Extensions.Options;

namespace ConflictClient.DependencyInjection;

/// <summary>Validates <see cref="ConflictResolutionStrategyOptions"/> when the host starts, naming each invalid option.</summary>
internal sealed class ConflictResolutionOptionsValidator : IValidateOptions<ConflictResolutionStrategyOptions>
{
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "All members of the options type are preserved.")]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(ConflictResolutionStrategyOptions))]
    public ValidateOptionsResult Validate(string? name, ConflictResolutionStrategyOptions options)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options, nameof(ConflictResolutionStrategyOptions), serviceProvider: null, items: null), results, validateAllProperties: true))
        {
            return ValidateOptionsResult.Success;
        }

        var client = ConflictResolutionConfiguration.DisplayName(name);
        return ValidateOptionsResult.Fail(results.Select(r =>
            $"Conflict resolution options of {client}: {r.ErrorMessage} (option: {string.Join(", ", r.MemberNames.Select(m => $"{nameof(ConflictResolutionStrategyOptions)}.{m}"))})"));
    }
}
