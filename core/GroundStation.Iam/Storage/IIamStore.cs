using GroundStation.Iam.Audit;
using GroundStation.Iam.Keys;

namespace GroundStation.Iam.Storage;

/// <summary>A revocation or disabling, as published on the revocation feed.</summary>
/// <param name="Sequence">Position in the feed, increasing.</param>
/// <param name="KeyId">The key that stopped working.</param>
/// <param name="At">When.</param>
public sealed record RevocationEvent(long Sequence, KeyId KeyId, DateTimeOffset At);

/// <summary>
/// Durable IAM state: keys (hashes and metadata), the revocation feed and the chained audit log. Every method is safe
/// to call concurrently, also from several processes sharing one store.
/// </summary>
public interface IIamStore
{
    /// <summary>Adds a key.</summary>
    Task InsertKeyAsync(KeyRecord key, CancellationToken cancellationToken);

    /// <summary>The key with this hash, or null.</summary>
    Task<KeyRecord?> FindKeyByHashAsync(ApiKeyHash hash, CancellationToken cancellationToken);

    /// <summary>The key with this id, or null.</summary>
    Task<KeyRecord?> FindKeyByIdAsync(KeyId id, CancellationToken cancellationToken);

    /// <summary>The keys of a tenant, oldest first.</summary>
    Task<IReadOnlyList<KeyRecord>> ListKeysAsync(TenantId tenant, CancellationToken cancellationToken);

    /// <summary>True when the store holds no key at all (a fresh installation).</summary>
    Task<bool> IsEmptyAsync(CancellationToken cancellationToken);

    /// <summary>Revokes a key and publishes it on the feed, atomically; false when it was already revoked or is unknown.</summary>
    Task<bool> RevokeKeyAsync(KeyId id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Disables (publishing it on the feed) or enables a key; false when unknown or revoked.</summary>
    Task<bool> SetKeyDisabledAsync(KeyId id, bool disabled, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="replacement"/> and moves the old key's expiry to <paramref name="oldKeyExpiresAt"/>, atomically.</summary>
    Task RotateKeyAsync(KeyRecord replacement, KeyId old, DateTimeOffset oldKeyExpiresAt, CancellationToken cancellationToken);

    /// <summary>Feed events after <paramref name="afterSequence"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<RevocationEvent>> RevocationsAfterAsync(long afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>The latest feed sequence (0 when empty).</summary>
    Task<long> LatestRevocationAsync(CancellationToken cancellationToken);

    /// <summary>Appends entries to the audit log, chaining each to the one before, atomically.</summary>
    Task AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken);

    /// <summary>Audit records after <paramref name="afterSequence"/>, in order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(long afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>Audit records of a tenant in [<paramref name="since"/>, <paramref name="until"/>), in order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(TenantId tenant, DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken cancellationToken);
}
