using Microsoft.Extensions.Options;

namespace ConflictClient.Outbox.Internal;

/// <summary>Validates <see cref="ConflictOutboxOptions"/> (source-generated from its attributes).</summary>
[OptionsValidator]
internal sealed partial class ConflictOutboxOptionsValidator : IValidateOptions<ConflictOutboxOptions>;
