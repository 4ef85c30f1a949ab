using GroundStation.Telemetry.Decoding;
using GroundStation.Telemetry.Influx.Http;
using GroundStation.Telemetry.Influx.Sink;
using GroundStation.Telemetry.Limits;

namespace GroundStation.Telemetry;

/// <summary>Settings of the telemetry ingest and store.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The SQLite file of frames and alarms.</summary>
    public string DatabasePath { get; set; } = "telemetry.db";

    /// <summary>Frames waiting for the writer; <see cref="TelemetryIngest.IngestAsync"/> waits while it is full.</summary>
    public int QueueCapacity { get; set; } = 65_536;

    /// <summary>Most frames per SQLite transaction.</summary>
    public int MaxBatch { get; set; } = 4_096;

    /// <summary>Default limits per decoder name; <c>gs-sim-housekeeping-v1</c> has <see cref="HousekeepingLimits.Defaults"/>.</summary>
    public Dictionary<string, IReadOnlyList<LimitDefinition>> DecoderLimits { get; } = new(StringComparer.Ordinal)
    {
        [SimHousekeepingDecoder.DecoderName] = HousekeepingLimits.Defaults,
    };

    /// <summary>Per-satellite limits (by NORAD id), each overriding the decoder's default of the same parameter.</summary>
    public Dictionary<int, IReadOnlyList<LimitDefinition>> SatelliteLimits { get; } = [];

    /// <summary>InfluxDB (v1 HTTP API) to store samples in as well, and to answer telemetry queries from; null: SQLite only.</summary>
    public InfluxV1Options? Influx { get; set; }

    /// <summary>The Influx sink's batching and retry settings.</summary>
    public InfluxSinkOptions InfluxSink { get; set; } = new();

    /// <summary>Events a live subscriber may fall behind by before its oldest are dropped.</summary>
    public int LiveSubscriberCapacity { get; set; } = 4_096;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first unusable setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            throw new ArgumentException("Telemetry: DatabasePath is empty.");
        }

        if (QueueCapacity < 1 || MaxBatch < 1 || LiveSubscriberCapacity < 1)
        {
            throw new ArgumentException($"Telemetry: QueueCapacity ({QueueCapacity}), MaxBatch ({MaxBatch}) and LiveSubscriberCapacity ({LiveSubscriberCapacity}) must be at least 1.");
        }
    }
}
