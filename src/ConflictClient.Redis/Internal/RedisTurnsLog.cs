using Microsoft.Extensions.Logging;

namespace ConflictClient.Redis.Internal;

/// <summary>The package's log messages; they name the kind of failure only, never the server's address or credentials.</summary>
internal static partial class RedisTurnsLog
{
    [LoggerMessage(101, LogLevel.Warning, "Redis turns are unavailable ({Failure}); writers go on without turns for {BreakDuration}.")]
    public static partial void Unavailable(ILogger logger, string failure, TimeSpan breakDuration);
}
