using ConflictClient.Versioning;
using Polly;

namespace ConflictClient.Merging;

/// <summary>What a custom merge receives when a write meets a conflict.</summary>
/// <typeparam name="T">The resource type (<see cref="System.Text.Json.Nodes.JsonNode"/> for untyped merges).</typeparam>
public readonly struct ConflictMergeArguments<T>
{
    /// <summary>Initializes a new instance of the <see cref="ConflictMergeArguments{T}"/> struct, for example to unit-test a merge.</summary>
    /// <param name="context">The resilience context of the call.</param>
    /// <param name="local">The value this client tried to write.</param>
    /// <param name="remote">The server's current value.</param>
    /// <param name="baseValue">The value both sides started from, when known.</param>
    /// <param name="hasBase">Whether <paramref name="baseValue"/> is known.</param>
    /// <param name="localVersion">The version the write was based on.</param>
    /// <param name="remoteVersion">The server's current version.</param>
    /// <param name="attempt">The attempt that met the conflict (1 for the first write).</param>
    /// <param name="method">The write's method.</param>
    /// <param name="requestUri">The write's URI.</param>
    public ConflictMergeArguments(
        ResilienceContext context,
        T local,
        T remote,
        T? baseValue,
        bool hasBase,
        VersionToken localVersion,
        VersionToken remoteVersion,
        int attempt,
        HttpMethod method,
        Uri requestUri)
    {
        Context = context;
        Local = local;
        Remote = remote;
        Base = baseValue;
        HasBase = hasBase;
        LocalVersion = localVersion;
        RemoteVersion = remoteVersion;
        Attempt = attempt;
        Method = method;
        RequestUri = requestUri;
    }

    /// <summary>Gets the resilience context of the call.</summary>
    public ResilienceContext Context { get; }

    /// <summary>Gets what this client tried to write (the body of the write; default for a write without one, such as DELETE).</summary>
    public T Local { get; }

    /// <summary>Gets the server's current representation.</summary>
    public T Remote { get; }

    /// <summary>Gets the representation the local change was based on, when known (see <see cref="HasBase"/>).</summary>
    public T? Base { get; }

    /// <summary>Gets a value indicating whether <see cref="Base"/> is known.</summary>
    public bool HasBase { get; }

    /// <summary>Gets the version the write was based on; empty when it cannot be told.</summary>
    public VersionToken LocalVersion { get; }

    /// <summary>Gets the version of <see cref="Remote"/>; the merged value is written against it.</summary>
    public VersionToken RemoteVersion { get; }

    /// <summary>Gets the number of the write attempt that met this conflict (1 for the first).</summary>
    public int Attempt { get; }

    /// <summary>Gets the method of the write.</summary>
    public HttpMethod Method { get; }

    /// <summary>Gets the URI of the write.</summary>
    public Uri RequestUri { get; }

    /// <summary>Write <paramref name="value"/> against <see cref="RemoteVersion"/>.</summary>
    /// <param name="value">The merged value.</param>
    /// <returns>The result.</returns>
    public MergeResult<T> Merged(T value) => MergeResult<T>.Merged(value);

    /// <summary>Keep the server's state; the write is not applied.</summary>
    /// <returns>The result.</returns>
    public MergeResult<T> AcceptRemote() => MergeResult<T>.AcceptRemote();

    /// <summary>Fail the write with a <see cref="Conflicts.ConflictException"/>.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The result.</returns>
    public MergeResult<T> GiveUp(string? reason = null) => MergeResult<T>.GiveUp(reason);
}
