using Microsoft.Extensions.Logging;

namespace ConflictClient.Telemetry;

/// <summary>
/// The strategy's log messages. They name the method and the URI without its query; they never carry headers or
/// bodies, which may hold credentials or personal data.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "{Method} {Uri} met {StatusCode} on attempt {Attempt} of {MaxAttempts}; retrying after {Delay}.")]
    public static partial void ConflictRetrying(ILogger logger, string method, string uri, int statusCode, int attempt, int maxAttempts, TimeSpan delay);

    [LoggerMessage(2, LogLevel.Information, "{Method} {Uri} resolved: {Outcome} after {Attempts} attempt(s).")]
    public static partial void ConflictResolved(ILogger logger, string method, string uri, string outcome, int attempts);

    [LoggerMessage(3, LogLevel.Warning, "{Method} {Uri} failed after {Attempts} attempt(s): {Reason}.")]
    public static partial void ConflictFailed(ILogger logger, string method, string uri, string reason, int attempts);
}
