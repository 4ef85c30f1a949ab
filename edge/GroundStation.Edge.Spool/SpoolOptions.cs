namespace GroundStation.Edge.Spool;

/// <summary>What <see cref="FrameSpool"/> does when it has no room for a new frame.</summary>
public enum SpoolFullPolicy
{
    /// <summary>Keep what is spooled and refuse the new frame: the oldest data (often the start of a pass) survives.</summary>
    RejectNewest,

    /// <summary>Delete the oldest unacknowledged frames until the new one fits: the most recent data survives.</summary>
    DropOldest,
}

/// <summary>Where the spool lives and how large it may grow.</summary>
public sealed record SpoolOptions
{
    /// <summary>The SQLite database file (created with its directory when missing).</summary>
    public required string DatabasePath { get; init; }

    /// <summary>
    /// The most frame bytes (sum of <c>TelemetryFrame.Data</c> lengths) the spool holds; beyond it <see cref="FullPolicy"/>
    /// applies. Defaults to 256 MiB: about a week of 10 frames/s of 256-byte frames during passes.
    /// </summary>
    public long MaxBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>What happens to a frame that does not fit (by <see cref="MaxBytes"/> or because the disk is full); no default, because the choice is the operator's.</summary>
    public required SpoolFullPolicy FullPolicy { get; init; }

    /// <summary>
    /// Test hook: SQLite's <c>max_page_count</c> for this connection, so a test can make the database itself run out of
    /// room (SQLITE_FULL) exactly as a full disk does. Null in production.
    /// </summary>
    internal long? MaxDatabasePages { get; init; }

    /// <summary>Checks the options, naming the bad one.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            throw new ArgumentException("SpoolOptions.DatabasePath must name a file.", nameof(DatabasePath));
        }

        if (MaxBytes <= 0)
        {
            throw new ArgumentException($"SpoolOptions.MaxBytes must be positive (was {MaxBytes}).", nameof(MaxBytes));
        }

        if (!Enum.IsDefined(FullPolicy))
        {
            throw new ArgumentException($"SpoolOptions.FullPolicy has the undefined value {FullPolicy}.", nameof(FullPolicy));
        }
    }
}
