namespace GroundStation.Iam.Keys;

/// <summary>Where a key stands at a given instant.</summary>
public enum KeyState
{
    /// <summary>Usable.</summary>
    Active,

    /// <summary>Past its expiry (expiry is exclusive: at the instant itself the key no longer works).</summary>
    Expired,

    /// <summary>Turned off; can be turned on again.</summary>
    Disabled,

    /// <summary>Revoked for good.</summary>
    Revoked,
}

/// <summary>What the store keeps about a key: its hash and metadata, never the key.</summary>
/// <param name="Id">Public id.</param>
/// <param name="Hash">SHA-256 of the key.</param>
/// <param name="Stub">Display stub.</param>
/// <param name="Principal">Who holds the key.</param>
/// <param name="Tenant">The principal's tenant.</param>
/// <param name="Roles">Role names granted to the key.</param>
/// <param name="Station">For edge-agent keys, the station the agent runs.</param>
/// <param name="Kind">Operator, automation or edge agent.</param>
/// <param name="Environment">Live or test.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="ExpiresAt">First instant at which it no longer works.</param>
/// <param name="Disabled">True while turned off.</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
/// <param name="RotatedFrom">The key this one replaced, if it came from a rotation.</param>
public sealed record KeyRecord(
    KeyId Id,
    ApiKeyHash Hash,
    string Stub,
    PrincipalId Principal,
    TenantId Tenant,
    IReadOnlyList<string> Roles,
    StationId? Station,
    ApiKeyKind Kind,
    ApiKeyEnvironment Environment,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    bool Disabled,
    DateTimeOffset? RevokedAt,
    KeyId? RotatedFrom)
{
    /// <summary>The state at <paramref name="now"/>; revocation wins over disabling, which wins over expiry.</summary>
    public KeyState StateAt(DateTimeOffset now) =>
        RevokedAt is not null ? KeyState.Revoked
        : Disabled ? KeyState.Disabled
        : now >= ExpiresAt ? KeyState.Expired
        : KeyState.Active;
}
