using GroundStation.Hardware.Rotators;
using Azimuth = GroundStation.Orbits.Geometry.Azimuth;

namespace GroundStation.Edge.Passes;

/// <summary>How the rotator follows one pass, decided once at pre-pass for the whole pass.</summary>
public enum PointingMode
{
    /// <summary>Azimuth follows the satellite, elevation 0..90.</summary>
    Normal,

    /// <summary>Azimuth + 180 and elevation 180 - el (rotators with 180 degrees of elevation): no fast azimuth swing at culmination.</summary>
    Flip,
}

/// <summary>One look direction of a pass as the planner samples it.</summary>
/// <param name="At">The instant.</param>
/// <param name="Azimuth">The true azimuth, 0..360.</param>
/// <param name="ElevationDegrees">The elevation, degrees.</param>
public readonly record struct TrackSample(DateTimeOffset At, Azimuth Azimuth, double ElevationDegrees);

/// <summary>
/// The rotator path of one pass: the mode (normal or flip) and, through the whole pass, which of the mechanically
/// equivalent azimuths (a +-360 degree overwind range offers several) to use. It is chosen so the path never crosses a
/// mechanical stop between AOS and LOS: the azimuth is unwrapped over the whole pass and shifted by a multiple of 360
/// degrees into the limits, preferring the shift whose start is nearest where the rotator comes from. When no shift
/// fits (a 0..360 rotator and a pass through north without flip), <see cref="CrossesStop"/> is true and each position
/// is simply the in-range azimuth nearest the previous one: the rotator has to unwind once, and the log says so.
/// </summary>
public sealed class PointingPath
{
    private readonly DateTimeOffset[] _times;
    private readonly double[] _azimuths;
    private readonly RotatorLimits _limits;

    private PointingPath(PointingMode mode, DateTimeOffset[] times, double[] azimuths, RotatorLimits limits, bool crossesStop)
    {
        Mode = mode;
        _times = times;
        _azimuths = azimuths;
        _limits = limits;
        CrossesStop = crossesStop;
    }

    /// <summary>Normal or flip.</summary>
    public PointingMode Mode { get; }

    /// <summary>True when no stop-free path exists and the rotator must unwind during the pass.</summary>
    public bool CrossesStop { get; }

    /// <summary>The rotator position at the first sample (AOS): where pre-positioning sends it.</summary>
    public RotatorPosition Start { get; private set; }

    /// <summary>Plans the path of a pass from its sampled track.</summary>
    /// <param name="samples">The track from AOS to LOS in time order (at least one sample).</param>
    /// <param name="limits">The rotator's limits (an azimuth range beyond 0..360 is overwind; elevation max 180 is flip capable).</param>
    /// <param name="flipAboveDegrees">Flip passes that culminate above this, when the rotator can.</param>
    /// <param name="comingFrom">Where the rotator is expected to be before the pass.</param>
    public static PointingPath Plan(IReadOnlyList<TrackSample> samples, RotatorLimits limits, double flipAboveDegrees, RotatorPosition comingFrom)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(limits);
        if (samples.Count == 0)
        {
            throw new ArgumentException("A pass needs at least one track sample.", nameof(samples));
        }

        var flipCapable = limits.MaxElevation.Degrees >= 180.0;
        var maxElevation = samples.Max(s => s.ElevationDegrees);
        var times = samples.Select(s => s.At).ToArray();
        var normal = Unwrap(samples, PointingMode.Normal);
        var flip = flipCapable ? Unwrap(samples, PointingMode.Flip) : null;
        var normalShift = BestShift(normal, limits, comingFrom.Azimuth.Degrees);
        var flipShift = flip is null ? null : BestShift(flip, limits, comingFrom.Azimuth.Degrees);

        PointingPath path;
        if (flip is not null && flipShift is not null && (maxElevation >= flipAboveDegrees || normalShift is null))
        {
            path = new PointingPath(PointingMode.Flip, times, Shift(flip, flipShift.Value), limits, crossesStop: false);
        }
        else if (normalShift is not null)
        {
            path = new PointingPath(PointingMode.Normal, times, Shift(normal, normalShift.Value), limits, crossesStop: false);
        }
        else
        {
            // No stop-free path: follow the nearest in-range azimuth, starting nearest where the rotator is.
            var azimuths = new double[normal.Length];
            var previous = comingFrom.Azimuth.Degrees;
            for (var i = 0; i < normal.Length; i++)
            {
                azimuths[i] = NearestInRange(normal[i], previous, limits);
                previous = azimuths[i];
            }

            path = new PointingPath(PointingMode.Normal, times, azimuths, limits, crossesStop: true);
        }

        path.Start = RotatorPosition.FromDegrees(path._azimuths[0], path.ElevationFor(samples[0].ElevationDegrees));
        return path;
    }

    /// <summary>
    /// The rotator position for the satellite's true look angles at <paramref name="at"/>: flip applied, and the azimuth
    /// equivalent (+-360) nearest the planned path there, so consecutive positions never jump across a stop.
    /// </summary>
    public RotatorPosition PositionFor(DateTimeOffset at, Azimuth azimuth, double elevationDegrees)
    {
        var raw = Mode == PointingMode.Flip ? azimuth.Degrees + 180.0 : azimuth.Degrees;
        var reference = ReferenceAzimuth(at);
        var chosen = NearestInRange(raw, reference, _limits);
        return _limits.Clamp(RotatorPosition.FromDegrees(chosen, ElevationFor(elevationDegrees)));
    }

    private double ElevationFor(double elevationDegrees)
    {
        var el = Mode == PointingMode.Flip ? 180.0 - elevationDegrees : elevationDegrees;
        return Math.Clamp(el, _limits.MinElevation.Degrees, _limits.MaxElevation.Degrees);
    }

    private double ReferenceAzimuth(DateTimeOffset at)
    {
        var index = Array.BinarySearch(_times, at);
        if (index >= 0)
        {
            return _azimuths[index];
        }

        index = ~index;
        if (index == 0)
        {
            return _azimuths[0];
        }

        if (index >= _times.Length)
        {
            return _azimuths[^1];
        }

        var span = (_times[index] - _times[index - 1]).TotalSeconds;
        var fraction = span > 0 ? (at - _times[index - 1]).TotalSeconds / span : 0.0;
        return _azimuths[index - 1] + (fraction * (_azimuths[index] - _azimuths[index - 1]));
    }

    private static double[] Unwrap(IReadOnlyList<TrackSample> samples, PointingMode mode)
    {
        var result = new double[samples.Count];
        double Raw(int i) => mode == PointingMode.Flip ? samples[i].Azimuth.Degrees + 180.0 : samples[i].Azimuth.Degrees;
        result[0] = Angles.WrapPositive(Raw(0));
        for (var i = 1; i < result.Length; i++)
        {
            result[i] = result[i - 1] + Angles.WrapSigned(Raw(i) - Raw(i - 1));
        }

        return result;
    }

    // The multiple of 360 that puts the whole unwrapped path inside the limits, nearest the starting azimuth; null if none.
    private static double? BestShift(double[] unwrapped, RotatorLimits limits, double comingFromAzimuth)
    {
        var min = unwrapped.Min();
        var max = unwrapped.Max();
        double? best = null;
        for (var k = -3; k <= 3; k++)
        {
            var shift = k * 360.0;
            if (min + shift < limits.MinAzimuth.Degrees - 1e-9 || max + shift > limits.MaxAzimuth.Degrees + 1e-9)
            {
                continue;
            }

            if (best is null || Math.Abs(unwrapped[0] + shift - comingFromAzimuth) < Math.Abs(unwrapped[0] + best.Value - comingFromAzimuth))
            {
                best = shift;
            }
        }

        return best;
    }

    private static double[] Shift(double[] values, double shift) => [.. values.Select(v => v + shift)];

    private static double NearestInRange(double azimuth, double reference, RotatorLimits limits)
    {
        var baseAz = Angles.WrapPositive(azimuth);
        double? best = null;
        for (var k = -3; k <= 3; k++)
        {
            var candidate = baseAz + (k * 360.0);
            if (candidate < limits.MinAzimuth.Degrees - 1e-9 || candidate > limits.MaxAzimuth.Degrees + 1e-9)
            {
                continue;
            }

            if (best is null || Math.Abs(candidate - reference) < Math.Abs(best.Value - reference))
            {
                best = candidate;
            }
        }

        return best ?? Math.Clamp(baseAz, limits.MinAzimuth.Degrees, limits.MaxAzimuth.Degrees);
    }
}

/// <summary>Degree arithmetic the planner needs.</summary>
internal static class Angles
{
    /// <summary>The angle in [0, 360).</summary>
    public static double WrapPositive(double degrees)
    {
        var wrapped = degrees % 360.0;
        if (wrapped < 0)
        {
            wrapped += 360.0;
        }

        return wrapped >= 360.0 ? 0.0 : wrapped;
    }

    /// <summary>The angle in [-180, 180).</summary>
    public static double WrapSigned(double degrees) => WrapPositive(degrees + 180.0) - 180.0;
}
