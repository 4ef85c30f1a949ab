using GroundStation.Orbits;

namespace GroundStation.Telemetry.Limits;

/// <summary>The limits in force: per-satellite overrides over per-decoder defaults.</summary>
public sealed class LimitBook
{
    private readonly Dictionary<string, Dictionary<string, LimitDefinition>> _byDecoder = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Dictionary<string, LimitDefinition>> _bySatellite = [];

    /// <summary>Creates a book from <paramref name="options"/>, validating every definition.</summary>
    public LimitBook(TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (decoder, limits) in options.DecoderLimits)
        {
            _byDecoder[decoder] = Index(limits);
        }

        foreach (var (norad, limits) in options.SatelliteLimits)
        {
            _bySatellite[norad] = Index(limits);
        }
    }

    /// <summary>The limits of <paramref name="parameter"/> for this satellite, or null when it has none.</summary>
    public LimitDefinition? Find(NoradId norad, string decoder, string parameter)
    {
        if (_bySatellite.TryGetValue(norad.Value, out var own) && own.TryGetValue(parameter, out var definition))
        {
            return definition;
        }

        return _byDecoder.TryGetValue(decoder, out var defaults) && defaults.TryGetValue(parameter, out definition) ? definition : null;
    }

    private static Dictionary<string, LimitDefinition> Index(IEnumerable<LimitDefinition> limits)
    {
        var index = new Dictionary<string, LimitDefinition>(StringComparer.Ordinal);
        foreach (var limit in limits)
        {
            limit.Validate();
            index[limit.Parameter] = limit;
        }

        return index;
    }
}
