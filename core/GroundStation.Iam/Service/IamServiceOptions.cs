using GroundStation.Iam.Keys;

namespace GroundStation.Iam.Service;

/// <summary>Tunables of the IAM service.</summary>
public sealed class IamServiceOptions
{
    /// <summary>Keys of the other environment are invalid here.</summary>
    public ApiKeyEnvironment Environment { get; init; } = ApiKeyEnvironment.Live;

    /// <summary>Lifetime of a new key when the request names no expiry.</summary>
    public TimeSpan DefaultKeyLifetime { get; init; } = TimeSpan.FromDays(90);

    /// <summary>How long a rotated key keeps working when the request names no overlap.</summary>
    public TimeSpan DefaultRotationOverlap { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Requests admitted per key and window.</summary>
    public int RequestsPerKey { get; init; } = 100_000;

    /// <summary>The window of the per-key limit.</summary>
    public TimeSpan RequestWindow { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Failed authentications and verifications admitted per source address and window; beyond that, 429.</summary>
    public int FailuresPerSource { get; init; } = 20;

    /// <summary>The window of the per-source failure limit.</summary>
    public TimeSpan FailureWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the service looks for revocations made by other instances sharing the store.</summary>
    public TimeSpan RevocationPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest a revocation long-poll is held open.</summary>
    public TimeSpan MaxRevocationWait { get; init; } = TimeSpan.FromSeconds(25);
}
