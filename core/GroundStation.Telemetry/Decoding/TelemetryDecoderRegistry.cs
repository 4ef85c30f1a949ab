using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace GroundStation.Telemetry.Decoding;

/// <summary>The decoders the core knows, by name; <see cref="SimHousekeepingDecoder"/> is always registered.</summary>
public sealed class TelemetryDecoderRegistry
{
    private readonly ConcurrentDictionary<string, ITelemetryDecoder> _decoders = new(StringComparer.Ordinal);

    /// <summary>Creates a registry holding the built-in decoders.</summary>
    public TelemetryDecoderRegistry() => Register(new SimHousekeepingDecoder());

    /// <summary>Adds or replaces the decoder of that name.</summary>
    public void Register(ITelemetryDecoder decoder)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentException.ThrowIfNullOrEmpty(decoder.Name);
        _decoders[decoder.Name] = decoder;
    }

    /// <summary>The decoder named <paramref name="name"/>.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out ITelemetryDecoder? decoder) => _decoders.TryGetValue(name, out decoder);

    /// <summary>Every registered decoder's name.</summary>
    public IReadOnlyCollection<string> Names => _decoders.Keys.ToArray();
}
