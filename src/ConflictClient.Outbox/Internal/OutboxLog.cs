using Microsoft.Extensions.Logging;

namespace ConflictClient.Outbox.Internal;

/// <summary>The outbox's log messages: entry numbers, methods and resources without query strings; never bodies or headers.</summary>
internal static partial class OutboxLog
{
    [LoggerMessage(1, LogLevel.Debug, "Outbox entry #{Id} ({Method} {Resource}) ended: {Outcome}.")]
    public static partial void Ended(ILogger logger, long id, string method, string resource, OutboxOutcomeKind outcome);

    [LoggerMessage(2, LogLevel.Warning, "Outbox entry #{Id} ({Method} {Resource}) waits for a person: {Reason}.")]
    public static partial void Parked(ILogger logger, long id, string method, string resource, Conflicts.ConflictFailureReason reason);

    [LoggerMessage(3, LogLevel.Warning, "Outbox entry #{Id} ({Method} {Resource}) may have been applied, and nothing proves whether: {Reason}.")]
    public static partial void Unknown(ILogger logger, long id, string method, string resource, Conflicts.ConflictFailureReason reason);

    [LoggerMessage(4, LogLevel.Information, "The server could not be reached, or could not act now; {Waiting} queued writes wait. Next try in {Delay}.")]
    public static partial void Offline(ILogger logger, int waiting, TimeSpan delay);

    [LoggerMessage(5, LogLevel.Information, "Outbox entry #{Id} ({Method} {Resource}) was found being sent after a restart: it is resent only with proof.")]
    public static partial void Recovered(ILogger logger, long id, string method, string resource);

    [LoggerMessage(6, LogLevel.Error, "Draining the outbox failed ({Failure}); the writes stay queued. Next try in {Delay}.")]
    public static partial void DrainFailed(ILogger logger, string failure, TimeSpan delay);

    [LoggerMessage(7, LogLevel.Information, "Another sender (another process, or another outbox on the same store) is sending this outbox; this drain sent nothing.")]
    public static partial void AnotherSender(ILogger logger);
}
