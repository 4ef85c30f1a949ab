using System.Security.Cryptography;
using GroundStation.Frames.Ax25;

namespace GroundStation.Simulators.Satellite;

/// <summary>What the link did with a frame a spacecraft transmitted.</summary>
public enum EmissionOutcome
{
    /// <summary>Handed to the station's sink intact.</summary>
    Delivered,

    /// <summary>Lost on the link (an injected drop): the station never heard it.</summary>
    Dropped,

    /// <summary>Handed to the sink with flipped bits; a TNC that checks the FCS discards it.</summary>
    Corrupted,

    /// <summary>
    /// Recorded by the station's receiver after <see cref="Delivered"/>: no VFO was tuned to the spacecraft, so the TNC
    /// never got the frame (<see cref="Radios.TunedReceiver"/>).
    /// </summary>
    NotTuned,
}

/// <summary>
/// One frame a simulated spacecraft transmitted towards one station, and what became of it on the way: the link records
/// <see cref="EmissionOutcome.Delivered"/>, <see cref="EmissionOutcome.Dropped"/> or <see cref="EmissionOutcome.Corrupted"/>;
/// a receiver may add a second entry for the same frame (<see cref="EmissionOutcome.NotTuned"/>).
/// </summary>
/// <param name="Satellite">The spacecraft's callsign (the AX.25 source).</param>
/// <param name="Station">The station the link leads to, as named by <see cref="SimulatedSpaceSegment.AddStation(string, GroundStation.Orbits.Passes.GroundStationSite, IDownlinkSink)"/>.</param>
/// <param name="SentAt">Simulated instant of transmission.</param>
/// <param name="Kind">Live or stored housekeeping; null when the info field is not housekeeping.</param>
/// <param name="Sequence">The housekeeping sequence number; null when the info field is not housekeeping.</param>
/// <param name="Digest">SHA-256 (hex) of the AX.25 frame without FCS, as a KISS TNC hands it over: <see cref="EmissionLog.DigestOf"/>.</param>
/// <param name="Outcome">What the link did with it.</param>
/// <param name="ElevationDegrees">The spacecraft's elevation from the station at <paramref name="SentAt"/>.</param>
public sealed record Emission(
    Ax25Address Satellite,
    string Station,
    DateTimeOffset SentAt,
    HousekeepingKind? Kind,
    ushort? Sequence,
    string Digest,
    EmissionOutcome Outcome,
    double ElevationDegrees);

/// <summary>
/// A bounded, thread-safe record of every frame the simulated spacecraft transmitted, per station link, with what the
/// link did with it: the ground truth an end-to-end test compares the core's telemetry store with. When full it drops
/// its oldest entries and counts them in <see cref="Evicted"/>, so a long run never grows without bound and a test can
/// tell that its record is incomplete.
/// </summary>
public sealed class EmissionLog
{
    private readonly Lock _gate = new();
    private readonly Queue<Emission> _entries = new();
    private long _evicted;

    /// <summary>Creates a log that keeps at most <paramref name="capacity"/> entries (0: keeps none, counts all as evicted).</summary>
    public EmissionLog(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
    }

    /// <summary>The most entries kept.</summary>
    public int Capacity { get; }

    /// <summary>Entries dropped because the log was full.</summary>
    public long Evicted
    {
        get
        {
            lock (_gate)
            {
                return _evicted;
            }
        }
    }

    /// <summary>The identity of an AX.25 frame end to end: SHA-256 (lowercase hex) of its bytes without FCS.</summary>
    public static string DigestOf(ReadOnlySpan<byte> ax25WithoutFcs) => Convert.ToHexStringLower(SHA256.HashData(ax25WithoutFcs));

    /// <summary>The entry for a frame as it arrives at a station: <paramref name="frame"/> with <paramref name="outcome"/>.</summary>
    public static Emission Of(DownlinkFrame frame, string station, EmissionOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var onAir = frame.OnAirFrame.Span;
        var decoded = Ax25Codec.Decode(onAir, Ax25Fcs.Present);
        Housekeeping? housekeeping = null;
        if (decoded.IsSuccess && Housekeeping.Decode(decoded.Value.Info.Span) is { IsSuccess: true } sample)
        {
            housekeeping = sample.Value;
        }

        return new Emission(frame.Satellite, station, frame.SentAt, housekeeping?.Kind, housekeeping?.Sequence,
            DigestOf(onAir.Length >= 2 ? onAir[..^2] : onAir), outcome, frame.Geometry.ElevationDegrees);
    }

    /// <summary>Records one transmission.</summary>
    public void Record(Emission emission)
    {
        ArgumentNullException.ThrowIfNull(emission);
        lock (_gate)
        {
            if (Capacity == 0)
            {
                _evicted++;
                return;
            }

            if (_entries.Count == Capacity)
            {
                _entries.Dequeue();
                _evicted++;
            }

            _entries.Enqueue(emission);
        }
    }

    /// <summary>A copy of the entries kept, oldest first.</summary>
    public IReadOnlyList<Emission> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }
}
