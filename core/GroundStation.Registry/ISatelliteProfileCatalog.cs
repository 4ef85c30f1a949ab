namespace GroundStation.Registry;

/// <summary>
/// The decoder and dictionary names a satellite may be given, as the host knows them. The registry cannot see the
/// telemetry and commanding areas (they depend on it, not the reverse), so the host registers this to have
/// <c>PUT /api/v1/satellites/{norad}</c> refuse names nothing could serve.
/// </summary>
public interface ISatelliteProfileCatalog
{
    /// <summary>The housekeeping decoders the core has.</summary>
    IReadOnlyCollection<string> TelemetryDecoders { get; }

    /// <summary>The command dictionaries the core has.</summary>
    IReadOnlyCollection<string> CommandDictionaries { get; }
}
