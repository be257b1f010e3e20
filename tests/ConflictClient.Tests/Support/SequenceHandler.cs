using System.Collections.Concurrent;
using System.Net;
using System.Text;
using ConflictClient.Conflicts;
using Microsoft.Extensions.DependencyInjection;

namespace ConflictClient.Tests.Support;

/// <summary>
/// An in-memory server that answers each method and path with a scripted sequence (the last answer repeats), and logs
/// what went over the wire as <c>"PUT /x If-Match:\"v1\" -> 412"</c>, with the body of every write.
/// </summary>
public sealed class SequenceHandler : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Answer>> _answers = new();
    private readonly ConcurrentDictionary<string, Answer> _last = new();
    private readonly ConcurrentQueue<(string Line, string? Body)> _log = new();

    public static Uri BaseUri { get; } = new("http://api.test");

    public IReadOnlyList<string> Lines => [.. _log.Select(entry => entry.Line)];

    public IReadOnlyList<string?> Bodies => [.. _log.Select(entry => entry.Body)];

    public SequenceHandler On(string method, string path, int status, string? body = null, params (string Name, string Value)[] headers)
    {
        _answers.GetOrAdd($"{method} {path}", _ => new()).Enqueue(new Answer(status, body, headers));
        return this;
    }

    /// <summary>A client of this server with conflict resolution, as an application registers it.</summary>
    public ServiceProvider Client(Action<ConflictResolutionStrategyOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddHttpClient("api")
            .ConfigureHttpClient(c => c.BaseAddress = BaseUri)
            .ConfigurePrimaryHttpMessageHandler(() => this)
            .AddConflictResolution(configure);
        return services.BuildServiceProvider();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = $"{request.Method} {request.RequestUri!.PathAndQuery}";
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        if (!_answers.TryGetValue(key, out var queue) || !queue.TryDequeue(out var answer))
        {
            answer = _last.TryGetValue(key, out var last) ? last : new Answer(404, null, []);
        }

        _last[key] = answer;
        var line = new StringBuilder(key);
        foreach (var name in (ReadOnlySpan<string>)["If-Match", "If-None-Match", "X-HTTP-Method", "Idempotency-Key"])
        {
            if (request.Headers.NonValidated.TryGetValues(name, out var values))
            {
                line.Append(' ').Append(name).Append(':').Append(values.ToString());
            }
        }

        _log.Enqueue((line.Append(" -> ").Append(answer.Status).ToString(), body));
        var response = new HttpResponseMessage((HttpStatusCode)answer.Status) { RequestMessage = request };
        if (answer.Body is not null)
        {
            response.Content = new StringContent(answer.Body, Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in answer.Headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    private sealed record Answer(int Status, string? Body, (string Name, string Value)[] Headers);
}
