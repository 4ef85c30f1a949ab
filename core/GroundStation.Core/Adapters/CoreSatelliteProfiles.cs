using GroundStation.Commanding.Dictionary;
using GroundStation.Registry;
using GroundStation.Telemetry.Decoding;

namespace GroundStation.Core.Adapters;

/// <summary>The decoders and dictionaries this core has, for the registry's satellite validation.</summary>
public sealed class CoreSatelliteProfiles(TelemetryDecoderRegistry decoders, CommandDictionaryRegistry dictionaries) : ISatelliteProfileCatalog
{
    /// <inheritdoc />
    public IReadOnlyCollection<string> TelemetryDecoders => decoders.Names;

    /// <inheritdoc />
    public IReadOnlyCollection<string> CommandDictionaries => dictionaries.Names;
}
