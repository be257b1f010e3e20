namespace ConflictClient.DependencyInjection;

/// <summary>
/// Marks a client that has conflict resolution, so a second <c>AddConflictResolution</c> on it configures its options
/// and adds no second handler (two would each count and answer the same write).
/// </summary>
internal sealed class ConflictResolutionRegistration(string clientName)
{
    public string ClientName => clientName;
}
