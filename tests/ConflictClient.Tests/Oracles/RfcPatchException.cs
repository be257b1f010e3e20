namespace ConflictClient.Tests.Oracles;

/// <summary>
/// Thrown by the oracle when a JSON Patch document is malformed or an operation does
/// not succeed (RFC 6902 §5): the patch as a whole is then not applied.
/// </summary>
public sealed class RfcPatchException : Exception
{
    public RfcPatchException()
    {
    }

    public RfcPatchException(string message)
        : base(message)
    {
    }

    public RfcPatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
