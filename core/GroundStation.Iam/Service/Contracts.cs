using GroundStation.Iam.Audit;
using GroundStation.Iam.Keys;

namespace GroundStation.Iam.Service;

/// <summary>Body of <c>POST /v1/keys</c>.</summary>
/// <param name="Principal">Who will hold the key.</param>
/// <param name="Tenant">The tenant; defaults to the caller's, and may not differ from it.</param>
/// <param name="Roles">Role names; each must be covered by the caller's own roles.</param>
/// <param name="Kind"><c>operator</c>, <c>automation</c> or <c>edge-agent</c>.</param>
/// <param name="Environment"><c>live</c> (default) or <c>test</c>.</param>
/// <param name="Station">For edge-agent keys: the station.</param>
/// <param name="ExpiresAt">When the key stops working; defaults to the configured lifetime.</param>
public sealed record CreateKeyRequest(
    string? Principal, string? Tenant, IReadOnlyList<string>? Roles, string? Kind, string? Environment, string? Station, DateTimeOffset? ExpiresAt);

/// <summary>Body of <c>POST /v1/keys/{id}/rotate</c>.</summary>
/// <param name="OverlapSeconds">How long the old key keeps working (never past its own expiry); default 24 h.</param>
/// <param name="ExpiresAt">Expiry of the new key; defaults to the configured lifetime.</param>
public sealed record RotateKeyRequest(int? OverlapSeconds, DateTimeOffset? ExpiresAt);

/// <summary>A key as listed: no secret, no hash.</summary>
/// <param name="Id">Public id.</param>
/// <param name="Stub">Display stub.</param>
/// <param name="Principal">Holder.</param>
/// <param name="Tenant">Holder's tenant.</param>
/// <param name="Roles">Granted roles.</param>
/// <param name="Station">Station of an edge-agent key.</param>
/// <param name="Kind">Kind name.</param>
/// <param name="Environment">live or test.</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="ExpiresAt">Expiry (exclusive).</param>
/// <param name="State">active, expired, disabled or revoked.</param>
/// <param name="RotatedFrom">The key it replaced.</param>
public sealed record KeyView(
    string Id, string Stub, string Principal, string Tenant, IReadOnlyList<string> Roles, string? Station, string Kind,
    string Environment, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string State, string? RotatedFrom)
{
    /// <summary>The view of a stored key at <paramref name="now"/>.</summary>
    public static KeyView Of(KeyRecord key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new KeyView(
            key.Id.Value, key.Stub, key.Principal.Value, key.Tenant.Value, key.Roles, key.Station?.Value, KeyKinds.Name(key.Kind),
            key.Environment == ApiKeyEnvironment.Live ? "live" : "test", key.CreatedAt, key.ExpiresAt,
            key.StateAt(now).ToString().ToLowerInvariant(), key.RotatedFrom?.Value);
    }
}

/// <summary>Answer to create and rotate: the key, shown this once, and its listing.</summary>
/// <param name="Key">The secret key.</param>
/// <param name="Record">What the store keeps about it.</param>
public sealed record CreatedKeyResponse(string Key, KeyView Record);

/// <summary>Body of <c>POST /v1/keys/verify</c>.</summary>
/// <param name="Key">The key to check.</param>
/// <param name="Action">The action asked for; without it only validity is answered.</param>
/// <param name="Resource">The resource asked for.</param>
public sealed record VerifyRequest(string? Key, string? Action, string? Resource);

/// <summary>Answer of <c>POST /v1/keys/verify</c>.</summary>
/// <param name="Valid">True when the key exists, is active and belongs to the tenant of the resource.</param>
/// <param name="Allowed">True when valid and the policy allows.</param>
/// <param name="Principal">The key's holder when valid.</param>
/// <param name="Tenant">The holder's tenant when valid.</param>
/// <param name="Obligations">Duties the caller must enforce, e.g. <c>two-person-approval</c>.</param>
/// <param name="Reason">Why.</param>
/// <param name="KeyId">The key's id when valid (for matching revocations).</param>
/// <param name="ExpiresAt">The key's expiry when valid (caches never outlive it).</param>
public sealed record VerifyResponse(
    bool Valid, bool Allowed, string? Principal, string? Tenant, IReadOnlyList<string> Obligations, string Reason, string? KeyId, DateTimeOffset? ExpiresAt)
{
    /// <summary>
    /// The one answer for a key that is unknown, malformed, expired, disabled, revoked, of the wrong environment or of
    /// another tenant than the resource: nothing in it tells these apart.
    /// </summary>
    public static VerifyResponse Invalid { get; } = new(false, false, null, null, [], "invalid key", null, null);
}

/// <summary>One event of the revocation feed.</summary>
/// <param name="Sequence">Feed position.</param>
/// <param name="KeyId">The key that stopped working.</param>
/// <param name="At">When.</param>
public sealed record RevocationView(long Sequence, string KeyId, DateTimeOffset At);

/// <summary>Answer of <c>GET /v1/revocations</c>.</summary>
/// <param name="Latest">The latest sequence the service knows; ask again with <c>after</c> set to it.</param>
/// <param name="Events">Events after the requested sequence.</param>
public sealed record RevocationFeedResponse(long Latest, IReadOnlyList<RevocationView> Events);

/// <summary>An audit record as served.</summary>
/// <param name="Sequence">Position in the chain.</param>
/// <param name="Time">When.</param>
/// <param name="Event">What happened.</param>
/// <param name="Actor">Who asked.</param>
/// <param name="Principal">Whom it concerned.</param>
/// <param name="Tenant">Their tenant.</param>
/// <param name="KeyId">The key concerned.</param>
/// <param name="Action">The action.</param>
/// <param name="Resource">The resource.</param>
/// <param name="Allowed">The decision.</param>
/// <param name="Reason">Why.</param>
/// <param name="Source">Remote address.</param>
/// <param name="Hash">The record's chain hash, hex.</param>
public sealed record AuditView(
    long Sequence, DateTimeOffset Time, string Event, string? Actor, string? Principal, string? Tenant, string? KeyId,
    string? Action, string? Resource, bool Allowed, string Reason, string? Source, string Hash)
{
    /// <summary>The view of a stored record.</summary>
    public static AuditView Of(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var e = record.Entry;
        return new AuditView(record.Sequence, e.Time, e.Event, e.Actor, e.Principal, e.Tenant, e.KeyId, e.Action, e.Resource, e.Allowed, e.Reason, e.Source, Convert.ToHexStringLower(record.Hash));
    }
}

/// <summary>The body of every error answer.</summary>
/// <param name="Error">What is wrong.</param>
public sealed record ErrorResponse(string Error);

/// <summary>Names of key kinds in the API.</summary>
public static class KeyKinds
{
    /// <summary>The API name of <paramref name="kind"/>.</summary>
    public static string Name(ApiKeyKind kind) => kind switch
    {
        ApiKeyKind.Operator => "operator",
        ApiKeyKind.Automation => "automation",
        ApiKeyKind.EdgeAgent => "edge-agent",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown key kind."),
    };

    /// <summary>Parses an API kind name.</summary>
    public static bool TryParse(string? name, out ApiKeyKind kind)
    {
        foreach (var candidate in Enum.GetValues<ApiKeyKind>())
        {
            if (string.Equals(Name(candidate), name, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
