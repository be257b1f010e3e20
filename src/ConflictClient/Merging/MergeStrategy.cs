using System.Text.Json;
using System.Text.Json.Nodes;
using ConflictClient.Json;

namespace ConflictClient.Merging;

/// <summary>
/// How a write that met a conflict is reconciled with the server's current state before it is retried.
/// </summary>
/// <remarks>
/// There is no default: <see cref="ClientWins"/> overwrites other writers and <see cref="ServerWins"/> drops this one,
/// so the choice is the application's. The options fail validation at start-up until one is set.
/// </remarks>
public abstract class MergeStrategy
{
    private protected MergeStrategy()
    {
    }

    /// <summary>
    /// Gets the strategy that re-sends my write unchanged against the current version: last writer wins, and the other
    /// writer's change is overwritten. Needs no JSON when versions are in headers.
    /// </summary>
    public static MergeStrategy ClientWins { get; } = new ClientWinsMergeStrategy();

    /// <summary>
    /// Gets the strategy that keeps the server's state: my write is dropped, and the caller receives the current
    /// representation as a 200 OK response. <c>ConflictWriteResult.Outcome</c> then reads
    /// <see cref="Conflicts.ConflictOutcome.ServerWon"/>.
    /// </summary>
    public static MergeStrategy ServerWins { get; } = new ServerWinsMergeStrategy();

    /// <summary>
    /// Gets the strategy that merges nothing: a conflict fails the write with <see cref="Conflicts.ConflictFailureReason.MergeGaveUp"/>
    /// and the server's state, for the caller to decide. Writes made with <c>Reapply</c> (ConflictClient.Refit) still re-apply their change.
    /// </summary>
    public static MergeStrategy Fail { get; } = new FailMergeStrategy();

    /// <summary>A merge of my own over JSON documents.</summary>
    /// <param name="merge">Receives local and remote (with versions, attempt and base when known) and returns merged, accept remote or give up.</param>
    /// <returns>The strategy.</returns>
    public static MergeStrategy Custom(Func<ConflictMergeArguments<JsonNode?>, ValueTask<MergeResult<JsonNode?>>> merge)
    {
        ArgumentNullException.ThrowIfNull(merge);
        return new JsonNodeMergeStrategy(merge);
    }

    /// <summary>A typed merge of my own: bodies are deserialized to <typeparamref name="T"/> with <paramref name="serializerOptions"/>.</summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="merge">Receives local and remote (with versions, attempt and base when known) and returns merged, accept remote or give up.</param>
    /// <param name="serializerOptions">The options the API's bodies use; defaults to <see cref="JsonSerializerOptions.Web"/> (Refit's default casing).</param>
    /// <returns>The strategy.</returns>
    public static MergeStrategy Custom<T>(Func<ConflictMergeArguments<T>, ValueTask<MergeResult<T>>> merge, JsonSerializerOptions? serializerOptions = null)
    {
        ArgumentNullException.ThrowIfNull(merge);
        return new TypedMergeStrategy<T>(merge, JsonDefaults.Prepare(serializerOptions));
    }

    /// <summary>
    /// A three-way JSON merge (see <see cref="JsonMerge"/>) of my body and the server's against the base my change was
    /// based on. Conflicts the options leave unresolved fail the write with
    /// <see cref="Conflicts.ConflictFailureReason.MergeUnresolved"/>, listing every conflicting path.
    /// </summary>
    /// <param name="configure">Sets the default policy, array mode and path rules; by default any conflict fails.</param>
    /// <returns>The strategy.</returns>
    /// <remarks>
    /// The base comes from, in order: the request (<see cref="Conflicts.ConflictRequestOptions.Base"/>); the representation
    /// this client last read or wrote at that URI, when its version is the one the write carries
    /// (<c>ConflictResolutionStrategyOptions.Bases.CacheSize</c>); on later attempts, the server state the
    /// previous merge was based on. Without one the merge runs <see cref="JsonMerge.WithoutBase(JsonElement, JsonElement, JsonMergeOptions?)"/>,
    /// which never drops anything the server has.
    /// </remarks>
    public static MergeStrategy ThreeWay(Action<JsonMergeOptions>? configure = null)
    {
        var options = new JsonMergeOptions();
        configure?.Invoke(options);
        return new ThreeWayMergeStrategy(options, JsonDefaults.Web);
    }

    /// <summary>
    /// A three-way JSON merge for a typed model: rules and per-property merge delegates are addressed by property
    /// expressions, mapped to JSON names by <paramref name="serializerOptions"/>; the JSON engine merges the rest.
    /// </summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="configure">Sets rules and per-property delegates.</param>
    /// <param name="serializerOptions">The options the API's bodies use; defaults to <see cref="JsonSerializerOptions.Web"/>.</param>
    /// <returns>The strategy.</returns>
    public static MergeStrategy ThreeWay<T>(Action<JsonMergeOptions<T>> configure, JsonSerializerOptions? serializerOptions = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var prepared = JsonDefaults.Prepare(serializerOptions);
        var options = new JsonMergeOptions<T>(prepared);
        configure(options);
        return new ThreeWayMergeStrategy(options, prepared);
    }

    /// <summary>Gets a value indicating whether the strategy needs a base, so the client remembers representations it reads.</summary>
    internal virtual bool UsesBase => false;

    /// <summary>Gets a value indicating whether a member the caller's body lacks is one it does not model (for reports).</summary>
    internal virtual bool LocalOmitsUnmodeled => false;

    /// <summary>Gets the options used to serialize a base passed as an object with the request.</summary>
    internal virtual JsonSerializerOptions SerializerOptions => JsonDefaults.Web;

    /// <summary>Decides what to write after a conflict.</summary>
    internal abstract ValueTask<MergeDecision> MergeAsync(MergeInput input);
}
