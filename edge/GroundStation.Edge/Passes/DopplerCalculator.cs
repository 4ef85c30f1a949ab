using GroundStation.Messaging.Contracts;
using GroundStation.Orbits.Doppler;
using HardwareFrequency = GroundStation.Hardware.Radios.Frequency;

namespace GroundStation.Edge.Passes;

/// <summary>The frequencies to tune at one instant.</summary>
/// <param name="Downlink">Receive frequency: f (1 - rdot / c).</param>
/// <param name="Uplink">Transmit frequency: f / (1 - rdot / c), when the pass has an uplink.</param>
/// <param name="RangeRateKmPerSecond">The range rate used.</param>
public readonly record struct DopplerTuning(HardwareFrequency Downlink, HardwareFrequency? Uplink, double RangeRateKmPerSecond);

/// <summary>Doppler-corrected frequencies from the pass's track, using the orbit engine's factors, rounded to the hertz.</summary>
public static class DopplerCalculator
{
    /// <summary>The tuning for <paramref name="schedule"/> at <paramref name="at"/>.</summary>
    public static DopplerTuning At(PassSchedule schedule, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var rangeRate = schedule.Track.At(at).RangeRateKmPerSecond;
        return For(schedule.Pass, rangeRate);
    }

    /// <summary>The tuning of <paramref name="pass"/> for a range rate.</summary>
    public static DopplerTuning For(PlannedPass pass, double rangeRateKmPerSecond)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var down = HardwareFrequency.FromHertz((long)Math.Round(pass.DownlinkHz * DopplerShift.DownlinkFactor(rangeRateKmPerSecond)));
        HardwareFrequency? up = pass.UplinkHz is { } nominal
            ? HardwareFrequency.FromHertz((long)Math.Round(nominal * DopplerShift.UplinkFactor(rangeRateKmPerSecond)))
            : null;
        return new DopplerTuning(down, up, rangeRateKmPerSecond);
    }
}
