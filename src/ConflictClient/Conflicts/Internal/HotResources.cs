using System.Security.Cryptography;
using System.Text;

namespace ConflictClient.Conflicts;

/// <summary>
/// The resources this client saw contended lately (a version conflict, or a stale version when its turn came): their
/// writes take a turn first. Bounded; a resource left alone for <see cref="ConflictResolutionConstants.TurnWindow"/> cools.
/// </summary>
internal sealed class HotResources(TimeProvider timeProvider)
{
    private const int Capacity = 4096;
    private readonly Dictionary<string, long> _lastContended = new(StringComparer.Ordinal);

    public bool IsHot(Uri resource)
    {
        lock (_lastContended)
        {
            return _lastContended.TryGetValue(resource.AbsoluteUri, out var at) && timeProvider.GetElapsedTime(at) < ConflictResolutionConstants.TurnWindow;
        }
    }

    public void Contended(Uri resource)
    {
        var now = timeProvider.GetTimestamp();
        lock (_lastContended)
        {
            if (_lastContended.Count >= Capacity && !_lastContended.ContainsKey(resource.AbsoluteUri))
            {
                _lastContended.Clear(); // bounded: the hottest come back at their next conflict
            }

            _lastContended[resource.AbsoluteUri] = now;
        }
    }

    /// <summary>The turn key of <paramref name="resource"/>: SHA-256 of its absolute URI, lowercase hex.</summary>
    public static string KeyOf(Uri resource) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(resource.AbsoluteUri)));
}
