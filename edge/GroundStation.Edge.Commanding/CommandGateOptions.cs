using System.Security.Cryptography;
using GroundStation.Messaging.Contracts;

namespace GroundStation.Edge.Commanding;

/// <summary>What the command gate trusts and where it keeps its state.</summary>
public sealed record CommandGateOptions
{
    /// <summary>This station: commands for another are refused.</summary>
    public required StationId Station { get; init; }

    /// <summary>
    /// The trusted core keys by key id (null for an unknown id), e.g. <c>CoreSigningKey.FromPublicPem(...).Resolve</c>;
    /// several during a key rotation.
    /// </summary>
    public required Func<string, ECDsa?> TrustedKeys { get; init; }

    /// <summary>The SQLite database (commands, nonces, ack outbox); created with its directory when missing.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>How far the core's clock may be ahead of the station's before a command counts as issued in the future (default 30 s).</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often <see cref="CommandGate.RunAsync"/> re-checks windows and expiries, besides <see cref="CommandGate.Wake"/> (default 1 s).</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to wait before retrying a failed ack publish (default 2 s).</summary>
    public TimeSpan AckRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long finished (sent or failed) commands stay in the database for inspection (default 7 days).</summary>
    public TimeSpan FinishedRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Test hook: SQLite's <c>max_page_count</c>, so a test can make the database full (SQLITE_FULL) as a full disk does.</summary>
    internal long? MaxDatabasePages { get; init; }

    /// <summary>Trusts exactly <paramref name="keys"/> (public halves suffice).</summary>
    public static Func<string, ECDsa?> Trusting(params CoreSigningKey[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var byId = keys.ToDictionary(k => k.KeyId, k => k.Key, StringComparer.Ordinal);
        return id => byId.GetValueOrDefault(id);
    }

    /// <summary>Checks the options, naming the bad one.</summary>
    /// <exception cref="ArgumentException">A setting is missing or out of range.</exception>
    public void Validate()
    {
        _ = Station.Value;
        if (TrustedKeys is null)
        {
            throw new ArgumentException("CommandGateOptions.TrustedKeys must be set.", nameof(TrustedKeys));
        }

        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            throw new ArgumentException("CommandGateOptions.DatabasePath must name a file.", nameof(DatabasePath));
        }

        Positive(MaxClockSkew, nameof(MaxClockSkew), allowZero: true);
        Positive(CheckInterval, nameof(CheckInterval), allowZero: false);
        Positive(AckRetryDelay, nameof(AckRetryDelay), allowZero: true);
        Positive(FinishedRetention, nameof(FinishedRetention), allowZero: true);
    }

    private static void Positive(TimeSpan value, string name, bool allowZero)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero))
        {
            throw new ArgumentException($"CommandGateOptions.{name} must be {(allowZero ? "zero or positive" : "positive")} (was {value}).", name);
        }
    }
}
