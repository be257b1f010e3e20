namespace ConflictClient.Testing;

/// <summary>A request as the simulator sees it, whatever carried it (an in-memory handler or WireMock.Net).</summary>
internal sealed record SimulatedRequest(string Method, string Path, Func<string, string?> Header, string? Body);

/// <summary>The simulator's answer; <see cref="LoseAnswer"/> means the write was applied and its answer must not arrive.</summary>
internal sealed record SimulatedResponse(int Status, string? Body, string? ContentType, IReadOnlyDictionary<string, string> Headers)
{
    public bool LoseAnswer { get; init; }
}
