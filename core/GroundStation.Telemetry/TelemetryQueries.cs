using System.Globalization;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Telemetry.Decoding;
using GroundStation.Telemetry.Influx.Sink;
using GroundStation.Telemetry.Limits;
using GroundStation.Telemetry.Live;
using GroundStation.Telemetry.Storage;

namespace GroundStation.Telemetry;

/// <summary>Reads telemetry back: samples (from InfluxDB when configured, else SQLite), the latest values, frames, alarms.</summary>
public sealed class TelemetryQueries
{
    private readonly TelemetryStore _store;
    private readonly TelemetryDecoderRegistry _decoders;
    private readonly ITelemetryTargetDirectory _targets;
    private readonly LimitBook _limits;
    private readonly InfluxTelemetryReader? _influx;

    /// <summary>Creates the queries over the store (and InfluxDB when <paramref name="influx"/> is given).</summary>
    public TelemetryQueries(TelemetryStore store, TelemetryDecoderRegistry decoders, ITelemetryTargetDirectory targets,
        TelemetryOptions options, InfluxTelemetryReader? influx = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _decoders = decoders ?? throw new ArgumentNullException(nameof(decoders));
        _targets = targets ?? throw new ArgumentNullException(nameof(targets));
        _limits = new LimitBook(options ?? throw new ArgumentNullException(nameof(options)));
        _influx = influx;
    }

    /// <summary>The store behind the queries.</summary>
    public TelemetryStore Store => _store;

    /// <summary>Samples of a satellite (of one parameter, when given) sampled in [from, to), newest first.</summary>
    public async Task<IReadOnlyList<TelemetrySampleView>> SamplesAsync(NoradId norad, string? parameter, DateTimeOffset from,
        DateTimeOffset to, int limit, CancellationToken ct)
    {
        if (_influx is not null)
        {
            var samples = await _influx.ReadAsync(norad.Value.ToString(CultureInfo.InvariantCulture), parameter, from, to, 10_000, ct)
                .ConfigureAwait(false);
            var decoder = _targets.Find(norad)?.Decoder;
            return samples.Reverse().Take(limit).Select(s => FromInflux(norad, decoder, s)).ToArray();
        }

        var result = new List<TelemetrySampleView>();
        foreach (var frame in _store.DecodedFrames(norad.Value, from, to, limit))
        {
            foreach (var sample in Expand(frame))
            {
                if (parameter is null || string.Equals(sample.Parameter, parameter, StringComparison.Ordinal))
                {
                    result.Add(sample);
                    if (result.Count == limit)
                    {
                        return result;
                    }
                }
            }
        }

        return result;
    }

    /// <summary>The latest sample of each parameter of a satellite (from its latest decoded frame).</summary>
    public IReadOnlyList<TelemetrySampleView> Latest(NoradId norad)
    {
        var latest = _store.DecodedFrames(norad.Value, DateTimeOffset.FromUnixTimeMilliseconds(0), DateTimeOffset.MaxValue.AddDays(-1), 1);
        return latest.Count == 0 ? [] : Expand(latest[0]).ToArray();
    }

    /// <summary>Frames newest first.</summary>
    public IReadOnlyList<TelemetryFrameView> Frames(NoradId? norad, StationId? station, string? passId, int limit) =>
        _store.Frames(norad?.Value, station, passId, limit).Select(TelemetryIngest.ToView).ToArray();

    /// <summary>
    /// Up to <paramref name="limit"/> alarms of the satellites <paramref name="visible"/> accepts, newest first. The
    /// store is shared by all tenants, so it is read page by page until the caller's page is full or the store ends:
    /// a tenant with few alarms among another's many still sees all of its own.
    /// </summary>
    public IReadOnlyList<Alarm> Alarms(bool activeOnly, Func<NoradId, bool> visible, int limit)
    {
        ArgumentNullException.ThrowIfNull(visible);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var found = new List<Alarm>(limit);
        long? before = null;
        while (found.Count < limit)
        {
            var page = _store.Alarms(activeOnly, AlarmPageSize, before);
            found.AddRange(page.Where(a => a.Norad is >= 1 and <= NoradId.MaxValue && visible(new NoradId(a.Norad))).Take(limit - found.Count));
            if (page.Count < AlarmPageSize)
            {
                break;
            }

            before = page[^1].AlarmId;
        }

        return found;
    }

    private IEnumerable<TelemetrySampleView> Expand(StoredFrame frame)
    {
        if (frame.Values is not { } values || frame.Decoder is null || !_decoders.TryGet(frame.Decoder, out var decoder))
        {
            yield break;
        }

        var definitions = decoder.Parameters;
        for (var i = 0; i < values.Length && i < definitions.Count; i++)
        {
            yield return new TelemetrySampleView(frame.Norad!.Value, definitions[i].Name, frame.SampledAt!.Value, values[i],
                definitions[i].Unit, frame.Limits is { } limits && i < limits.Length ? limits[i] : LimitState.Nominal);
        }
    }

    private TelemetrySampleView FromInflux(NoradId norad, string? decoderName, TelemetrySample sample)
    {
        var value = sample.Value.Kind switch
        {
            Influx.LineProtocol.FieldKind.FloatValue => sample.Value.AsFloat,
            Influx.LineProtocol.FieldKind.IntegerValue => sample.Value.AsInteger,
            Influx.LineProtocol.FieldKind.UnsignedValue => sample.Value.AsUnsigned,
            Influx.LineProtocol.FieldKind.BooleanValue => sample.Value.AsBoolean ? 1 : 0,
            _ => double.NaN,
        };
        var unit = decoderName is not null && _decoders.TryGet(decoderName, out var decoder)
            ? decoder.Parameters.FirstOrDefault(p => p.Name == sample.Parameter)?.Unit ?? ""
            : "";
        var limit = decoderName is null ? LimitState.Nominal : _limits.Find(norad, decoderName, sample.Parameter)?.Classify(value) ?? LimitState.Nominal;
        return new TelemetrySampleView(norad.Value, sample.Parameter, sample.Timestamp, value, unit, limit);
    }

    private const int AlarmPageSize = 500;
}
