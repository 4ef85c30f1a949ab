namespace GroundStation.Telemetry.Influx.Sink;

/// <summary>Batching and retry settings of <see cref="InfluxTelemetrySink"/>.</summary>
public sealed record InfluxSinkOptions
{
    /// <summary>The measurement telemetry is written to.</summary>
    public string Measurement { get; init; } = "telemetry";

    /// <summary>How many samples the queue holds before <see cref="ITelemetryWriter.WriteAsync"/> waits.</summary>
    public int Capacity { get; init; } = 100_000;

    /// <summary>A batch is sent as soon as it holds this many samples.</summary>
    public int BatchSize { get; init; } = 5_000;

    /// <summary>A partial batch is sent this long after the previous flush.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The first wait after a failed flush; it doubles on each further failure.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between retries.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long disposal keeps trying to flush what remains before giving up and reporting it.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>What the sink did with the samples it accepted, when it stopped.</summary>
/// <param name="Written">Samples the server stored.</param>
/// <param name="Rejected">Samples the server refused for good (a partial write), with the reasons.</param>
/// <param name="Remaining">Samples accepted but not stored because the server stayed unreachable.</param>
public sealed record SinkStopReport(long Written, IReadOnlyList<FailedLine> Rejected,
    IReadOnlyList<TelemetrySample> Remaining);
