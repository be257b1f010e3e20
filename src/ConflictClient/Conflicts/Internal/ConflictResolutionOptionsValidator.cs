using Microsoft.Extensions.Options;

namespace ConflictClient.Conflicts;

/// <summary>
/// Validates <see cref="ConflictResolutionStrategyOptions"/> and its groups by their data annotations and
/// <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>, with code the options source generator writes
/// (no reflection: trim- and AOT-safe), as Microsoft.Extensions.Http.Resilience validates its own options.
/// </summary>
[OptionsValidator]
internal sealed partial class ConflictResolutionOptionsValidator : IValidateOptions<ConflictResolutionStrategyOptions>;
