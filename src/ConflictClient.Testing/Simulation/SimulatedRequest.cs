namespace ConflictClient.Testing;

/// <summary>A request as the simulator sees it, whatever carried it (an in-memory handler or WireMock.Net).</summary>
internal sealed record SimulatedRequest(string Method, string Path, Func<string, string?> Header, string? Body);
