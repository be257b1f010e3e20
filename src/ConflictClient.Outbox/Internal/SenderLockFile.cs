namespace ConflictClient.Outbox.Internal;

/// <summary>The sender lock of a store kept in a file: an exclusive lock on a file beside it, which the operating system releases if the process dies.</summary>
internal static class SenderLockFile
{
    /// <summary>Takes the lock; null when another sender holds it.</summary>
    public static IAsyncDisposable? TryTake(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.None);
        }
        catch (IOException)
        {
            // Held by another sender (on Unix, an advisory lock per open file: another process, or another store in this one).
            return null;
        }
    }
}
