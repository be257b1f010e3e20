namespace ConflictClient.Testing;

/// <summary>The simulator's answer; <see cref="LoseAnswer"/> means the write was applied and its answer must not arrive.</summary>
internal sealed record SimulatedResponse(int Status, string? Body, string? ContentType, IReadOnlyDictionary<string, string> Headers)
{
    public bool LoseAnswer { get; init; }
}
