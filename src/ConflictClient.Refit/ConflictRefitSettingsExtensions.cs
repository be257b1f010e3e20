using ConflictClient.Conflicts;

namespace Refit;

/// <summary>Makes Refit clients surface <see cref="ConflictException"/> as it is.</summary>
/// <remarks>
/// Refit wraps every exception thrown while sending in <see cref="ApiRequestException"/>. With these settings a
/// <see cref="ConflictException"/> (and a cancellation the caller asked for) is thrown as it is, so callers write
/// <c>catch (ConflictException e)</c>; every other exception goes to the factory set before, or is wrapped as Refit does.
/// </remarks>
public static class ConflictRefitSettingsExtensions
{
    /// <summary>Throws <see cref="ConflictException"/> from Refit calls instead of wrapping it in <see cref="ApiRequestException"/>.</summary>
    /// <param name="settings">The Refit settings of the client.</param>
    /// <returns>The same settings.</returns>
    public static RefitSettings UseConflictExceptions(this RefitSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var previous = settings.TransportExceptionFactory;
        settings.TransportExceptionFactory = (request, exception, cancellationToken) => exception switch
        {
            ConflictException => exception,
            OperationCanceledException when cancellationToken.IsCancellationRequested => exception,
            _ => previous?.Invoke(request, exception, cancellationToken) ?? new ApiRequestException(request, request.Method, settings, exception),
        };
        return settings;
    }
}
