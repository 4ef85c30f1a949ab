using System.Collections.Concurrent;
using GroundStation.Iam.Keys;

namespace GroundStation.Iam.Service;

/// <summary>
/// The service's own short memory of authenticated callers, so that a busy client's key is not looked up on every
/// request. An entry lives at most <see cref="Ttl"/> and never past the key's expiry, and the whole cache is dropped
/// whenever the revocation feed moves, so a revoked or disabled caller is refused within the feed's poll interval.
/// </summary>
public sealed class CallerCache
{
    /// <summary>Longest an authenticated caller is remembered.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(1);

    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<ApiKeyHash, (KeyRecord Key, DateTimeOffset Until)> _entries = new();
    private readonly TimeProvider _time;

    /// <summary>Creates the cache and ties it to the revocation feed.</summary>
    public CallerCache(TimeProvider time, RevocationNotifier revocations)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        ArgumentNullException.ThrowIfNull(revocations);
        revocations.Changed += _entries.Clear;
    }

    /// <summary>The remembered caller for this hash, if still fresh.</summary>
    public KeyRecord? Find(ApiKeyHash hash) =>
        _entries.TryGetValue(hash, out var entry) && _time.GetUtcNow() < entry.Until ? entry.Key : null;

    /// <summary>Remembers an active caller.</summary>
    public void Remember(ApiKeyHash hash, KeyRecord key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var until = _time.GetUtcNow() + Ttl;
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[hash] = (key, until < key.ExpiresAt ? until : key.ExpiresAt);
    }

    /// <summary>Forgets everything (after a local key change).</summary>
    public void Clear() => _entries.Clear();
}
