using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using GroundStation.Iam.Policy;
using GroundStation.Iam.Service;
using Microsoft.Extensions.Logging;

namespace GroundStation.Iam.Client;

/// <summary>Tunables of <see cref="CachingKeyVerifier"/>.</summary>
public sealed class CachingKeyVerifierOptions
{
    /// <summary>Longest a valid answer is reused; never past the key's expiry.</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Most cached answers; beyond that the cache starts over.</summary>
    public int MaxEntries { get; init; } = 100_000;

    /// <summary>How long one revocation long-poll is held.</summary>
    public TimeSpan FeedWait { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Pause after a failed long-poll before the next.</summary>
    public TimeSpan FeedRetry { get; init; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// A verifier that reuses valid answers for at most <see cref="CachingKeyVerifierOptions.Ttl"/> and drops them as soon
/// as the service's revocation feed names their key. Invalid answers are never cached; <c>command:send-critical</c>
/// always goes to the service. While the feed is down the TTL alone bounds how stale an answer can be.
/// </summary>
public sealed partial class CachingKeyVerifier : IKeyVerifier, IAsyncDisposable
{
    private readonly IamClient _client;
    private readonly TimeProvider _time;
    private readonly CachingKeyVerifierOptions _options;
    private readonly ILogger<CachingKeyVerifier> _logger;
    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task _feed = Task.CompletedTask;
    private long _generation;

    /// <summary>Creates the verifier; call <see cref="StartAsync"/> to follow the revocation feed.</summary>
    public CachingKeyVerifier(IamClient client, TimeProvider time, CachingKeyVerifierOptions options, ILogger<CachingKeyVerifier> logger)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Raised with the key id of each revocation received from the feed, after its answers are dropped.</summary>
    public event Action<string>? Revoked;

    /// <summary>Cached answers right now.</summary>
    public int Count => _cache.Count;

    /// <summary>Reads the feed's position, then follows it in the background.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var start = await _client.RevocationsAsync(-1, TimeSpan.Zero, cancellationToken);
        _feed = Task.Run(() => FollowFeedAsync(start.Latest), CancellationToken.None);
    }

    /// <inheritdoc />
    public async ValueTask<VerifyResponse> VerifyAsync(string key, string? action, string? resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (string.Equals(action, IamActions.CommandSendCritical, StringComparison.Ordinal))
        {
            return await _client.VerifyAsync(key, action, resource, cancellationToken);
        }

        var cacheKey = CacheKey(key, action, resource);
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(cacheKey, out var hit) && now < hit.Until)
        {
            return hit.Answer;
        }

        var generation = Interlocked.Read(ref _generation);
        var answer = await _client.VerifyAsync(key, action, resource, cancellationToken);
        if (answer.Valid && answer.KeyId is not null)
        {
            var until = now + _options.Ttl;
            if (answer.ExpiresAt is { } expires && expires < until)
            {
                until = expires;
            }

            if (_cache.Count >= _options.MaxEntries)
            {
                _cache.Clear();
            }

            _cache[cacheKey] = new Entry(answer, until);
            // A revocation that landed while this request was in flight must not be outlived by its answer.
            if (Interlocked.Read(ref _generation) != generation)
            {
                _cache.TryRemove(cacheKey, out _);
            }
        }

        return answer;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _feed;
        _stop.Dispose();
    }

    private void Evict(string keyId)
    {
        Interlocked.Increment(ref _generation);
        foreach (var (cacheKey, entry) in _cache)
        {
            if (string.Equals(entry.Answer.KeyId, keyId, StringComparison.Ordinal))
            {
                _cache.TryRemove(cacheKey, out _);
            }
        }
    }

    private async Task FollowFeedAsync(long after)
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                var feed = await _client.RevocationsAsync(after, _options.FeedWait, token);
                foreach (var revocation in feed.Events)
                {
                    Evict(revocation.KeyId);
                    Revoked?.Invoke(revocation.KeyId);
                }

                after = Math.Max(after, feed.Latest);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The feed must outlive any one failure; each is logged, and the cache is dropped so stale answers cannot linger.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogFeedFailed(exception);
                Interlocked.Increment(ref _generation);
                _cache.Clear();
                await Task.WhenAny(Task.Delay(_options.FeedRetry, _time, token));
            }
        }
    }

    private static string CacheKey(string key, string? action, string? resource)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetByteCount(key) <= 256 ? stackalloc byte[256] : new byte[Encoding.UTF8.GetByteCount(key)];
        var length = Encoding.UTF8.GetBytes(key, bytes);
        SHA256.HashData(bytes[..length], hash);
        return string.Concat(Convert.ToBase64String(hash), "\n", action, "\n", resource);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revocation feed failed; cache dropped, retrying")]
    private partial void LogFeedFailed(Exception exception);

    private sealed record Entry(VerifyResponse Answer, DateTimeOffset Until);
}
