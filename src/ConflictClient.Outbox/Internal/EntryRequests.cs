using ConflictClient.Conflicts;

namespace ConflictClient.Outbox.Internal;

/// <summary>A kept entry as the message the conflict strategy sends.</summary>
internal static class EntryRequests
{
    public static HttpRequestMessage Create(OutboxEntry entry, bool sentBefore, ConflictWriteResult result)
    {
        var request = new HttpRequestMessage(new HttpMethod(entry.Method), entry.RequestUri);
        if (entry.Body is { } body)
        {
            request.Content = new ReadOnlyMemoryContent(body);
        }

        foreach (var (name, value) in entry.Headers)
        {
            if (IsContentHeader(name))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (entry.Base is { } baseJson)
        {
            request.Options.Set(ConflictRequestOptions.Base, baseJson.ToArray());
        }

        request.Options.Set(ConflictRequestOptions.SentBefore, sentBefore);
        request.Options.Set(ConflictRequestOptions.Result, result);
        return request;
    }

    private static bool IsContentHeader(string name) =>
        name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) || name.Equals("Expires", StringComparison.OrdinalIgnoreCase) || name.Equals("Last-Modified", StringComparison.OrdinalIgnoreCase);
}
