using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace ConflictClient.Testing;

/// <summary>
/// A stateful, thread-safe API of versioned JSON resources, as a real server with optimistic concurrency behaves: every
/// write must carry the current version (<c>If-Match</c> or a body field), a stale one is refused with 412/409, and every
/// applied write bumps the version. Serve it in memory (<see cref="CreateHandler"/>) or from WireMock.Net
/// (the ConflictClient.Testing.WireMock package's <c>server.AddVersionedResources(simulator)</c>), and count what each operation did.
/// </summary>
/// <example>
/// <code>
/// var api = new VersionedResourceSimulator();
/// api.Seed("/todos/1", new JsonObject { ["title"] = "Write docs", ["done"] = false });
/// services.AddHttpClient("todos", c =&gt; c.BaseAddress = new Uri("http://todos.test"))
///     .ConfigurePrimaryHttpMessageHandler(api.CreateHandler)
///     .AddConflictResolution(o =&gt; o.MergeStrategy = MergeStrategy.ThreeWay());
/// api.WriteDirectly("/todos/1", todo =&gt; todo["title"] = "Write the docs"); // another user's change
/// </code>
/// </example>
public sealed partial class VersionedResourceSimulator
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Payload, SimulatedResponse Response)> _idempotent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _appliedByOperation = new(StringComparer.Ordinal);
    private int _rejectNextWrites;
    private int _loseNextAnswers;
    private int _inFlightNext;
    private int _appliedWrites;
    private int _rejectedWrites;
    private int _nextId;

    /// <summary>Initializes a new instance of the <see cref="VersionedResourceSimulator"/> class.</summary>
    /// <param name="options">How it behaves; the defaults are ETag versions, 412 on a mismatch and 428 without <c>If-Match</c>.</param>
    public VersionedResourceSimulator(VersionedResourceSimulatorOptions? options = null) => Options = options ?? new VersionedResourceSimulatorOptions();

    /// <summary>Gets how the simulator behaves.</summary>
    public VersionedResourceSimulatorOptions Options { get; }

    /// <summary>Gets how many writes were applied.</summary>
    public int AppliedWrites
    {
        get
        {
            lock (_gate)
            {
                return _appliedWrites;
            }
        }
    }

    /// <summary>Gets how many writes were refused with a conflict (stale version, duplicate, forced).</summary>
    public int RejectedWrites
    {
        get
        {
            lock (_gate)
            {
                return _rejectedWrites;
            }
        }
    }

    /// <summary>Creates or replaces a resource at version 1.</summary>
    /// <param name="path">The resource's path, such as <c>/todos/1</c>.</param>
    /// <param name="body">Its JSON state.</param>
    public void Seed(string path, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(body);
        lock (_gate)
        {
            _resources[path] = new Entry(1, (JsonObject)body.DeepClone());
        }
    }

    /// <summary>Applies another writer's change directly, bumping the version, so the next write based on the old one meets a conflict.</summary>
    /// <param name="path">The resource's path.</param>
    /// <param name="change">Changes the state in place.</param>
    public void WriteDirectly(string path, Action<JsonObject> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            var entry = Find(path);
            var body = (JsonObject)entry.Body.DeepClone();
            change(body);
            _resources[path] = new Entry(entry.Version + 1, body);
        }
    }

    /// <summary>Gets the stored state of a resource (without a body version field).</summary>
    /// <param name="path">The resource's path.</param>
    /// <returns>A copy of the state.</returns>
    public JsonObject Current(string path)
    {
        lock (_gate)
        {
            return (JsonObject)Find(path).Body.DeepClone();
        }
    }

    /// <summary>Gets the version of a resource (1 when seeded, +1 per applied write).</summary>
    /// <param name="path">The resource's path.</param>
    /// <returns>The version.</returns>
    public long VersionOf(string path)
    {
        lock (_gate)
        {
            return Find(path).Version;
        }
    }

    /// <summary>Gets whether a resource exists.</summary>
    /// <param name="path">The resource's path.</param>
    /// <returns><see langword="true"/> when it exists.</returns>
    public bool Contains(string path)
    {
        lock (_gate)
        {
            return _resources.ContainsKey(path);
        }
    }

    /// <summary>Gets the resources in a collection, such as <c>/users</c>.</summary>
    /// <param name="collection">The collection's path.</param>
    /// <returns>Copies of their states.</returns>
    public IReadOnlyList<JsonObject> InCollection(string collection)
    {
        lock (_gate)
        {
            return [.. _resources.Where(r => r.Key.StartsWith(collection + "/", StringComparison.Ordinal)).Select(r => (JsonObject)r.Value.Body.DeepClone())];
        }
    }

    /// <summary>Gets the entity tag the simulator sends for a version.</summary>
    /// <param name="version">The version.</param>
    /// <returns>The tag, in <see cref="VersionedResourceSimulatorOptions.ETagStyle"/>.</returns>
    public string ETagFor(long version) => Options.ETagStyle switch
    {
        ETagStyle.Weak => $"W/\"v{version}\"",
        ETagStyle.Unquoted => $"v{version}",
        _ => $"\"v{version}\"",
    };

    /// <summary>
    /// Makes the next <paramref name="count"/> writes meet a conflict, as if another writer had written just before each:
    /// the resource's version moves on (its document unchanged), so the write's version is stale.
    /// </summary>
    /// <param name="count">How many writes.</param>
    public void RejectNextWrites(int count)
    {
        lock (_gate)
        {
            _rejectNextWrites = count;
        }
    }

    /// <summary>
    /// Applies the next <paramref name="count"/> writes and loses their answers: the client sees the connection end
    /// (<see cref="HttpRequestException"/> in memory; from WireMock.Net, which cannot cut a connection, a 504 Gateway Timeout), as after a network fault.
    /// </summary>
    /// <param name="count">How many answers.</param>
    public void LoseNextAnswers(int count)
    {
        lock (_gate)
        {
            _loseNextAnswers = count;
        }
    }

    /// <summary>Answers the next <paramref name="count"/> writes carrying an <c>Idempotency-Key</c> with 409 "still being processed".</summary>
    /// <param name="count">How many writes.</param>
    public void ReportInFlight(int count)
    {
        lock (_gate)
        {
            _inFlightNext = count;
        }
    }

    /// <summary>Gets how many times writes carrying an operation id (<see cref="VersionedResourceSimulatorOptions.OperationHeader"/>) were applied.</summary>
    /// <param name="operationId">The operation id.</param>
    /// <returns>0 when lost, 1 when applied once, more when doubled.</returns>
    public int AppliedCount(string operationId) => _appliedByOperation.GetValueOrDefault(operationId);

    /// <summary>Gets the operations, of those given, that were never applied: lost updates.</summary>
    /// <param name="operationIds">Every operation the test started.</param>
    /// <returns>The lost ones.</returns>
    public IReadOnlyList<string> LostOperations(IEnumerable<string> operationIds) => [.. operationIds.Where(id => AppliedCount(id) == 0)];

    /// <summary>Gets the operations that were applied more than once: doubled updates.</summary>
    /// <returns>The doubled ones.</returns>
    public IReadOnlyList<string> DoubledOperations() => [.. _appliedByOperation.Where(p => p.Value > 1).Select(p => p.Key)];

    /// <summary>Creates an in-memory handler serving this simulator: use it as a client's primary handler.</summary>
    /// <returns>A new handler; every handler shares this simulator's state.</returns>
    public HttpMessageHandler CreateHandler() => new SimulatorHttpMessageHandler(this);

    private Entry Find(string path) =>
        _resources.TryGetValue(path, out var entry) ? entry : throw new KeyNotFoundException($"The simulator holds no resource at '{path}'; seed it first.");

    private sealed record Entry(long Version, JsonObject Body);
}
