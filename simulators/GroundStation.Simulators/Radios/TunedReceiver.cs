using GroundStation.Frames.Ax25;
using GroundStation.Simulators.Satellite;

namespace GroundStation.Simulators.Radios;

/// <summary>
/// The station's receiver between the antenna and the TNC: a downlink frame reaches the TNC only while one of the
/// simulated radio's VFOs is tuned to the sending spacecraft's downlink frequency (within <see cref="ToleranceHz"/>,
/// which covers the Doppler shift of a LEO pass). Without it every station would hear every spacecraft in view at once,
/// as if all shared one frequency, and the frames of a satellite nobody is tracking would reach the station during
/// another satellite's pass. Spacecraft with no known frequency are always heard. Thread-safe.
/// </summary>
public sealed class TunedReceiver : IDownlinkSink
{
    private static readonly string[] Vfos = ["VFOA", "VFOB"];
    private readonly SimulatedRadio _radio;
    private readonly IReadOnlyDictionary<Ax25Address, long> _downlinkHz;
    private readonly IDownlinkSink _tnc;
    private long _notTuned;

    /// <summary>Creates a receiver that passes to <paramref name="tnc"/> what <paramref name="radio"/> is tuned to.</summary>
    public TunedReceiver(SimulatedRadio radio, IReadOnlyDictionary<Ax25Address, long> downlinkHz, IDownlinkSink tnc, long toleranceHz = 25_000)
    {
        ArgumentNullException.ThrowIfNull(radio);
        ArgumentNullException.ThrowIfNull(downlinkHz);
        ArgumentNullException.ThrowIfNull(tnc);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toleranceHz);
        _radio = radio;
        _downlinkHz = downlinkHz;
        _tnc = tnc;
        ToleranceHz = toleranceHz;
    }

    /// <summary>How far from a spacecraft's nominal downlink frequency a VFO may be and still hear it.</summary>
    public long ToleranceHz { get; }

    /// <summary>Frames not passed on because no VFO was tuned to their spacecraft.</summary>
    public long NotTuned => Interlocked.Read(ref _notTuned);

    /// <summary>The station's name in <see cref="Emissions"/>.</summary>
    public string Station { get; init; } = "station";

    /// <summary>Where each frame not passed on is recorded (<see cref="EmissionOutcome.NotTuned"/>); null records nothing.</summary>
    public EmissionLog? Emissions { get; init; }

    /// <inheritdoc />
    public void Deliver(DownlinkFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (_downlinkHz.TryGetValue(frame.Satellite, out var hertz) && !Vfos.Any(vfo => Math.Abs(_radio.GetFrequency(vfo) - hertz) <= ToleranceHz))
        {
            Interlocked.Increment(ref _notTuned);
            Emissions?.Record(EmissionLog.Of(frame, Station, EmissionOutcome.NotTuned));
            return;
        }

        _tnc.Deliver(frame);
    }
}
