using System.Text.Json;
using System.Text.Json.Nodes;

using ConflictClient.Http;

namespace ConflictClient.Merging;

/// <summary>
/// The change of a <c>Reapply</c> call, offered to exactly one write: the first guarded write made inside the call
/// whose body is the changed value Reapply handed to its <c>put</c> delegate. Any other write made there (another
/// resource, a log entry) never sees the change. It flows with the async context only because Refit gives no other way
/// from the call to its request; the claim ties it to that one request.
/// </summary>
internal sealed class ReapplyContext
{
    private static readonly AsyncLocal<ReapplyContext?> Ambient = new();
    private readonly byte[] _expectedBody;
    private int _claimed;

    private ReapplyContext(ReapplyChange change, byte[] expectedBody) => (Change, _expectedBody) = (change, expectedBody);

    public static ReapplyContext? Current => Ambient.Value;

    public ReapplyChange Change { get; }

    /// <summary>Gets a value indicating whether a guarded write took the change.</summary>
    public bool IsClaimed => Volatile.Read(ref _claimed) != 0;

    /// <summary>Starts offering <paramref name="change"/> to the write whose body is <paramref name="expectedBody"/> (UTF-8 JSON).</summary>
    public static Scope Begin(ReapplyChange change, byte[] expectedBody)
    {
        var context = new ReapplyContext(change, expectedBody);
        var previous = Ambient.Value;
        Ambient.Value = context;
        return new Scope(context, previous);
    }

    /// <summary>Takes the change for a write with <paramref name="body"/>, when it is the expected body and nobody took it yet.</summary>
    public bool TryClaim(byte[] body) => IsClaimed is false && SameJson(body, _expectedBody) && Interlocked.Exchange(ref _claimed, 1) == 0;

    private static bool SameJson(byte[] a, byte[] b)
    {
        if (a.AsSpan().SequenceEqual(b))
        {
            return true;
        }

        try
        {
            // Serializers differ in whether they write null members; either way the value is the same.
            return JsonNode.DeepEquals(WithoutNulls(JsonNode.Parse(a)), WithoutNulls(JsonNode.Parse(b)));
        }
        catch (Exception e) when (UntrustedJson.IsReadFailure(e))
        {
            return false;
        }
    }

    private static JsonNode? WithoutNulls(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            foreach (var name in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
            {
                obj.Remove(name);
            }

            foreach (var (_, child) in obj)
            {
                WithoutNulls(child);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                WithoutNulls(item);
            }
        }

        return node;
    }

    /// <summary>Restores the previous context when the call ends.</summary>
    internal readonly struct Scope(ReapplyContext context, ReapplyContext? previous) : IDisposable
    {
        public ReapplyContext Context => context;

        public void Dispose() => Ambient.Value = previous;
    }
}
