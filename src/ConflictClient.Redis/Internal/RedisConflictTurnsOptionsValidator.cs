using Microsoft.Extensions.Options;

namespace ConflictClient.Redis.Internal;

/// <summary>Validates <see cref="RedisConflictTurnsOptions"/> at start-up (source-generated from its attributes).</summary>
[OptionsValidator]
internal sealed partial class RedisConflictTurnsOptionsValidator : IValidateOptions<RedisConflictTurnsOptions>;
