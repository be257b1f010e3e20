using System.Collections.Concurrent;
using System.Net;

namespace ConflictClient.Tests.Support;

/// <summary>A handler below the conflict handler that records every response and whether it was disposed.</summary>
public sealed class ResponseTracker : DelegatingHandler
{
    private readonly ConcurrentQueue<TrackedContent> _contents = new();

    public IReadOnlyList<TrackedContent> Responses => [.. _contents];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var tracked = new TrackedContent(response.StatusCode, response.Content);
        response.Content = tracked;
        _contents.Enqueue(tracked);
        return response;
    }

    /// <summary>Wraps a response's content; disposing the response disposes it.</summary>
    public sealed class TrackedContent : HttpContent
    {
        private readonly HttpContent inner;

        public TrackedContent(HttpStatusCode status, HttpContent inner)
        {
            Status = status;
            this.inner = inner;
            foreach (var header in inner.Headers.NonValidated)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        public HttpStatusCode Status { get; }

        public bool IsDisposed { get; private set; }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => inner.CopyToAsync(stream);

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken) =>
            inner.CopyToAsync(stream, cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = inner.Headers.ContentLength ?? -1;
            return length >= 0;
        }

        protected override void Dispose(bool disposing)
        {
            IsDisposed = true;
            inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
