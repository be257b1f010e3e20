using System.Globalization;
using System.Net;

namespace ConflictClient.Outbox.Internal;

/// <summary>The handler of <see cref="ConflictOutbox.CreateEnqueueClient"/>: keeps each write and answers 202 Accepted with its body echoed.</summary>
internal sealed class EnqueueHandler(ConflictOutbox outbox) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var entry = await outbox.EnqueueAsync(request, cancellationToken).ConfigureAwait(false);
        var response = new HttpResponseMessage(HttpStatusCode.Accepted) { RequestMessage = request };
        response.Headers.TryAddWithoutValidation(ConflictOutboxConstants.EntryIdHeader, entry.Id.ToString(CultureInfo.InvariantCulture));
        if (entry.Body is { Length: > 0 } body)
        {
            // What you wrote: a typed client reads it back as the result of its call.
            response.Content = new ReadOnlyMemoryContent(body);
            foreach (var (name, value) in entry.Headers)
            {
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    response.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }
        }

        return response;
    }
}
