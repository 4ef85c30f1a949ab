using GroundStation.Frames.Ax25;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Simulators.Satellite;

/// <summary>A frame as it arrives at the station's antenna: the on-air AX.25 bytes, FCS included, perhaps corrupted.</summary>
/// <param name="Satellite">The spacecraft that sent it.</param>
/// <param name="OnAirFrame">AX.25 frame with its FCS, after the link's bit errors.</param>
/// <param name="SentAt">Simulated instant of transmission.</param>
/// <param name="BitErrors">Bits the link flipped (0 for a clean frame).</param>
/// <param name="Geometry">The spacecraft's geometry from the station when it was sent.</param>
public sealed record DownlinkFrame(Ax25Address Satellite, ReadOnlyMemory<byte> OnAirFrame, DateTimeOffset SentAt, int BitErrors, VisibilitySample Geometry);

/// <summary>Whatever receives the downlink at the station: the simulated TNC, or a printer.</summary>
public interface IDownlinkSink
{
    /// <summary>Takes one frame; must not block (called on the link's timer).</summary>
    void Deliver(DownlinkFrame frame);
}

/// <summary>What became of an uplinked frame.</summary>
public enum UplinkOutcome
{
    /// <summary>The spacecraft received the frame intact.</summary>
    Received,

    /// <summary>The spacecraft is below the station's horizon; nothing reached it.</summary>
    NotInView,

    /// <summary>The link lost the frame.</summary>
    Dropped,

    /// <summary>Bit errors broke the FCS, so the spacecraft's receiver discarded the frame.</summary>
    Corrupted,
}

/// <summary>Running totals of a <see cref="SpaceLink"/>.</summary>
/// <param name="BeaconsSent">Beacons transmitted while in view.</param>
/// <param name="FramesDropped">Downlink frames the link lost.</param>
/// <param name="FramesCorrupted">Downlink frames with at least one flipped bit.</param>
/// <param name="UplinksReceived">Uplinked frames the spacecraft received intact.</param>
public readonly record struct SpaceLinkCounters(long BeaconsSent, long FramesDropped, long FramesCorrupted, long UplinksReceived);

/// <summary>
/// The RF link between one simulated spacecraft and one station. On its <see cref="TimeProvider"/> it asks the
/// spacecraft for a beacon every period while the spacecraft is in view, applies the link's faults and hands the
/// on-air frame to the sink; uplinked frames reach the spacecraft only while it is in view, and its replies come
/// straight back down.
/// </summary>
public sealed partial class SpaceLink : IAsyncDisposable
{
    private readonly SimulatedSatellite _satellite;
    private readonly IVisibility _visibility;
    private readonly TimeProvider _time;
    private readonly TimeSpan _beaconPeriod;
    private readonly FaultInjector _faults;
    private readonly IDownlinkSink _sink;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private DateTimeOffset _nextBeaconAt;
    private long _beaconsSent;
    private long _framesDropped;
    private long _framesCorrupted;
    private long _uplinksReceived;

    /// <summary>Creates a link; it is silent until <see cref="Start"/>.</summary>
    public SpaceLink(SimulatedSatellite satellite, IVisibility visibility, TimeProvider timeProvider, TimeSpan beaconPeriod,
        LinkFaults faults, IDownlinkSink sink, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(satellite);
        ArgumentNullException.ThrowIfNull(visibility);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(sink);
        if (beaconPeriod < TimeSpan.FromMilliseconds(100))
        {
            throw new ArgumentOutOfRangeException(nameof(beaconPeriod), beaconPeriod, "The beacon period must be at least 100 ms.");
        }

        _satellite = satellite;
        _visibility = visibility;
        _time = timeProvider;
        _beaconPeriod = beaconPeriod;
        _faults = new FaultInjector(faults);
        _sink = sink;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The spacecraft on this link.</summary>
    public SimulatedSatellite Satellite => _satellite;

    /// <summary>The station's name in <see cref="Emissions"/>.</summary>
    public string Station { get; init; } = "station";

    /// <summary>Where every transmission on this link is recorded, with its outcome; null records nothing.</summary>
    public EmissionLog? Emissions { get; init; }

    /// <summary>Running totals.</summary>
    public SpaceLinkCounters Counters
    {
        get
        {
            lock (_gate)
            {
                return new SpaceLinkCounters(_beaconsSent, _framesDropped, _framesCorrupted, _uplinksReceived);
            }
        }
    }

    /// <summary>
    /// Starts the beacon schedule: beacon opportunities fall at whole periods after now, on a fixed grid of simulated
    /// instants, so timer jitter never accumulates into drift.
    /// </summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_timer is not null)
            {
                return;
            }

            _nextBeaconAt = _time.GetUtcNow() + _beaconPeriod;
            _timer = _time.CreateTimer(_ => OnTimer(), null, _beaconPeriod, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Sends a frame up to the spacecraft now; its replies, if any, go down to the sink at once.</summary>
    public UplinkOutcome Uplink(Ax25UiFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var now = _time.GetUtcNow();
        var geometry = _visibility.At(now);
        if (!geometry.InView)
        {
            return UplinkOutcome.NotInView;
        }

        lock (_gate)
        {
            if (_faults.Drop())
            {
                return UplinkOutcome.Dropped;
            }

            // The spacecraft's receiver checks the FCS as any AX.25 receiver does: a corrupted command is never executed.
            var onAir = Ax25Codec.Encode(frame, Ax25Fcs.Present);
            _faults.Corrupt(onAir);
            var received = Ax25Codec.Decode(onAir, Ax25Fcs.Present);
            if (!received.IsSuccess)
            {
                LogUplinkCorrupted(_logger, _satellite.Callsign, received.Error!);
                return UplinkOutcome.Corrupted;
            }

            _uplinksReceived++;
            foreach (var reply in _satellite.Receive(received.Value, now))
            {
                Transmit(reply, now, geometry);
            }

            return UplinkOutcome.Received;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        ITimer? timer;
        lock (_gate)
        {
            timer = _timer;
            _timer = null;
        }

        if (timer is not null)
        {
            await timer.DisposeAsync();
        }
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            // Every opportunity up to now is served at its own simulated instant, so a host that lags behind a fast
            // clock delays frames but never changes which frames a pass produces or what they contain.
            var now = _time.GetUtcNow();
            while (_nextBeaconAt <= now)
            {
                try
                {
                    BeaconAt(_nextBeaconAt);
                }
                catch (Exception ex)
                {
                    // A timer callback that throws would end the process; one failed beacon must not end the scenario.
                    LogBeaconFailed(_logger, _satellite.Callsign, _nextBeaconAt, ex);
                }

                _nextBeaconAt += _beaconPeriod;
            }

            _timer?.Change(_nextBeaconAt - now, Timeout.InfiniteTimeSpan);
        }
    }

    private void BeaconAt(DateTimeOffset instant)
    {
        var geometry = _visibility.At(instant);
        if (geometry.InView)
        {
            _beaconsSent++;
            Transmit(_satellite.Beacon(instant), instant, geometry);
        }
    }

    private void Transmit(Ax25UiFrame frame, DateTimeOffset now, VisibilitySample geometry)
    {
        if (_faults.Drop())
        {
            _framesDropped++;
            Record(frame, now, geometry, EmissionOutcome.Dropped);
            return;
        }

        var onAir = Ax25Codec.Encode(frame, Ax25Fcs.Present);
        var flipped = _faults.Corrupt(onAir);
        if (flipped > 0)
        {
            _framesCorrupted++;
        }

        // Recorded before the sink sees it, so a reader that finds the frame downstream always finds it here too.
        Record(frame, now, geometry, flipped > 0 ? EmissionOutcome.Corrupted : EmissionOutcome.Delivered);
        _sink.Deliver(new DownlinkFrame(_satellite.Callsign, onAir, now, flipped, geometry));
    }

    private void Record(Ax25UiFrame frame, DateTimeOffset now, VisibilitySample geometry, EmissionOutcome outcome)
    {
        if (Emissions is not { } log)
        {
            return;
        }

        var housekeeping = Housekeeping.Decode(frame.Info.Span);
        log.Record(new Emission(_satellite.Callsign, Station, now, housekeeping.IsSuccess ? housekeeping.Value.Kind : null,
            housekeeping.IsSuccess ? housekeeping.Value.Sequence : null, EmissionLog.DigestOf(Ax25Codec.Encode(frame, Ax25Fcs.Absent)), outcome,
            geometry.ElevationDegrees));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Beacon of {Satellite} at {Instant} failed")]
    private static partial void LogBeaconFailed(ILogger logger, Ax25Address satellite, DateTimeOffset instant, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Uplink to {Satellite} corrupted on the link, discarded by its receiver: {Error}")]
    private static partial void LogUplinkCorrupted(ILogger logger, Ax25Address satellite, GroundStation.Frames.Framing.FrameError error);
}
