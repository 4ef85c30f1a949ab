using System.Buffers;
using GroundStation.Orbits.Frames;

namespace GroundStation.Orbits.Passes;

/// <summary>
/// One satellite's Earth-fixed (PEF) states on a time grid over a window, computed once and shared by every station's
/// pass search (<see cref="PassPredictor.PredictOverSites"/>). Between grid points the state is the cubic Hermite
/// interpolant of the two neighbouring positions and velocities: with the step at most 1/100 of the fastest angular
/// period the orbit allows (60 s for LEO) its position error is below a metre (h^4/384 |r''''| ~ 0.3 m for LEO), far
/// inside the 0.02 s the search resolves. Times are seconds since the window start. Immutable once computed; its
/// buffers come from the shared array pool (a 3-day LEO track is ~350 kB, and allocating one per satellite churned
/// the large-object heap into a full collection every few hundred satellites): <see cref="Dispose"/> returns them.
/// </summary>
internal sealed class EarthFixedTrack : IDisposable
{
    // The gravitational parameter only sets the step and the period used for the sampling step.
    private const double EarthMu = PassSearch.EarthMu;
    private const double StepsPerFastestRevolution = 100.0;
    private const double MinStepSeconds = 1.0;
    private const double MaxStepSeconds = 60.0;

    // An unbound or degenerate first state says nothing about the motion: sample finely.
    private const double FallbackStepSeconds = 10.0;

    private const double FailureTolerance = PassSearch.FailureTolerance;

    private readonly double[] _t;
    private bool _disposed;
    private readonly double[] _state; // per point: x, y, z, vx, vy, vz (PEF), ux, uy, uz (unit position)

    private EarthFixedTrack(double[] t, double[] state, int count, double step, double periodSeconds, double failedAtSeconds,
        double minRadiusKm, double maxRadiusKm, double maxAngularRate)
    {
        _t = t;
        _state = state;
        Count = count;
        StepSeconds = step;
        PeriodSeconds = periodSeconds;
        FailedAtSeconds = failedAtSeconds;
        MinRadiusKm = minRadiusKm;
        MaxRadiusKm = maxRadiusKm;
        MaxAngularRate = maxAngularRate;
    }

    /// <summary>Grid points with a valid state (0 when the satellite cannot be propagated at the window start).</summary>
    public int Count { get; }

    /// <summary>The nominal step, seconds (the last interval may be shorter).</summary>
    public double StepSeconds { get; }

    /// <summary>The osculating period at the window start, seconds (sets the pass search's sampling step).</summary>
    public double PeriodSeconds { get; }

    /// <summary>Seconds from the window start at which propagation first failed (to 1 s), or NaN if it never did.</summary>
    public double FailedAtSeconds { get; }

    /// <summary>Smallest and largest geocentric distance on the grid, km.</summary>
    public double MinRadiusKm { get; }

    /// <summary>Largest geocentric distance on the grid, km.</summary>
    public double MaxRadiusKm { get; }

    /// <summary>Largest inertial angular rate |r x v| / r^2 on the grid, rad/s.</summary>
    public double MaxAngularRate { get; }

    /// <summary>Propagates <paramref name="ephemeris"/> over <paramref name="window"/> on a grid derived from its orbit.</summary>
    public static EarthFixedTrack Compute(ITemeEphemeris ephemeris, TimeWindow window)
    {
        var startJd = JulianDate.FromDateTime(window.Start);
        var end = window.Duration.TotalSeconds;
        if (!ephemeris.TryGetState(startJd, out var p0, out var v0))
        {
            return new EarthFixedTrack([], [], 0, MaxStepSeconds, double.NaN, 0.0, 0.0, 0.0, 0.0);
        }

        var (step, period) = StepFor(p0, v0);
        var points = (int)Math.Ceiling(end / step) + 1;
        var t = ArrayPool<double>.Shared.Rent(points);
        var state = ArrayPool<double>.Shared.Rent(points * 9);
        var count = 0;
        var failedAt = double.NaN;
        double minRadius = double.MaxValue, maxRadius = 0.0, maxRate = 0.0;

        void Store(double seconds, Vector3D position, Vector3D velocity)
        {
            var utc = startJd.AddMinutes(seconds / 60.0);
            var gmst = TemeFrames.SiderealAngle(utc, EarthOrientation.None);
            var pef = TemeFrames.RotateToPef(position, velocity, gmst, TemeFrames.EarthRotationRadPerSecond);
            var radius = position.Magnitude;
            minRadius = Math.Min(minRadius, radius);
            maxRadius = Math.Max(maxRadius, radius);
            maxRate = Math.Max(maxRate, position.Cross(velocity).Magnitude / (radius * radius));
            t[count] = seconds;
            var s = state.AsSpan(count * 9, 9);
            s[0] = pef.PositionKm.X;
            s[1] = pef.PositionKm.Y;
            s[2] = pef.PositionKm.Z;
            s[3] = pef.VelocityKmPerSecond.X;
            s[4] = pef.VelocityKmPerSecond.Y;
            s[5] = pef.VelocityKmPerSecond.Z;
            s[6] = pef.PositionKm.X / radius;
            s[7] = pef.PositionKm.Y / radius;
            s[8] = pef.PositionKm.Z / radius;
            count++;
        }

        Store(0.0, p0, v0);
        for (var i = 1; i < points; i++)
        {
            var seconds = Math.Min(i * step, end);
            if (ephemeris.TryGetState(startJd.AddMinutes(seconds / 60.0), out var position, out var velocity))
            {
                Store(seconds, position, velocity);
                continue;
            }

            // Locate the first failure to 1 s and end the grid on the last good state found on the way.
            var good = t[count - 1];
            var bad = seconds;
            (double T, Vector3D P, Vector3D V)? lastGood = null;
            while (bad - good > FailureTolerance)
            {
                var middle = 0.5 * (good + bad);
                if (ephemeris.TryGetState(startJd.AddMinutes(middle / 60.0), out var p, out var v))
                {
                    good = middle;
                    lastGood = (middle, p, v);
                }
                else
                {
                    bad = middle;
                }
            }

            if (lastGood is { } g)
            {
                Store(g.T, g.P, g.V);
            }

            failedAt = bad;
            break;
        }

        return new EarthFixedTrack(t, state, count, step, period, failedAt, minRadius, maxRadius, maxRate);
    }

    /// <summary>Returns the buffers to the pool; the track must not be used afterwards.</summary>
    public void Dispose()
    {
        if (!_disposed && _t.Length > 0)
        {
            _disposed = true;
            ArrayPool<double>.Shared.Return(_t);
            ArrayPool<double>.Shared.Return(_state);
        }
    }

    /// <summary>Seconds of grid point <paramref name="index"/>.</summary>
    public double TimeAt(int index) => _t[index];

    /// <summary>Cosine of the angle at the Earth's centre between grid point <paramref name="index"/> and a unit vector.</summary>
    public double CosAngleTo(int index, Vector3D unit)
    {
        var s = _state.AsSpan(index * 9, 9);
        return (s[6] * unit.X) + (s[7] * unit.Y) + (s[8] * unit.Z);
    }

    /// <summary>The state at grid point <paramref name="index"/>, exactly as propagated.</summary>
    public EarthFixedState StateAt(int index)
    {
        var s = _state.AsSpan(index * 9, 9);
        return new EarthFixedState(new Vector3D(s[0], s[1], s[2]), new Vector3D(s[3], s[4], s[5]));
    }

    /// <summary>The state at <paramref name="seconds"/> (within the grid), interpolated between grid points.</summary>
    public EarthFixedState At(double seconds)
    {
        if (Count == 1)
        {
            return StateAt(0);
        }

        var i = Math.Clamp((int)(seconds / StepSeconds), 0, Count - 2);
        while (i > 0 && seconds < _t[i])
        {
            i--;
        }

        while (i < Count - 2 && seconds > _t[i + 1])
        {
            i++;
        }

        var t0 = _t[i];
        var h = _t[i + 1] - t0;
        if (seconds == t0)
        {
            return StateAt(i);
        }

        if (seconds == _t[i + 1])
        {
            return StateAt(i + 1);
        }

        var a = _state.AsSpan(i * 9, 9);
        var b = _state.AsSpan((i + 1) * 9, 9);
        var s = (seconds - t0) / h;
        var s2 = s * s;
        var s3 = s2 * s;
        // Cubic Hermite basis and its derivative (per unit s; the velocity divides by h).
        var h00 = (2 * s3) - (3 * s2) + 1;
        var h10 = (s3 - (2 * s2) + s) * h;
        var h01 = (-2 * s3) + (3 * s2);
        var h11 = (s3 - s2) * h;
        var d00 = ((6 * s2) - (6 * s)) / h;
        var d10 = (3 * s2) - (4 * s) + 1;
        var d01 = ((-6 * s2) + (6 * s)) / h;
        var d11 = (3 * s2) - (2 * s);
        return new EarthFixedState(
            new Vector3D(
                (h00 * a[0]) + (h10 * a[3]) + (h01 * b[0]) + (h11 * b[3]),
                (h00 * a[1]) + (h10 * a[4]) + (h01 * b[1]) + (h11 * b[4]),
                (h00 * a[2]) + (h10 * a[5]) + (h01 * b[2]) + (h11 * b[5])),
            new Vector3D(
                (d00 * a[0]) + (d10 * a[3]) + (d01 * b[0]) + (d11 * b[3]),
                (d00 * a[1]) + (d10 * a[4]) + (d01 * b[1]) + (d11 * b[4]),
                (d00 * a[2]) + (d10 * a[5]) + (d01 * b[2]) + (d11 * b[5])));
    }

    /// <summary>
    /// The grid step and the osculating period from the first state: the step is 1/100 of the period of a circular
    /// orbit turning at the fastest angular rate this orbit reaches (at perigee, h / r_p^2), clamped to [1, 60] s.
    /// </summary>
    private static (double Step, double Period) StepFor(Vector3D position, Vector3D velocity)
    {
        var radius = position.Magnitude;
        var energy = (0.5 * velocity.Dot(velocity)) - (EarthMu / radius);
        var angularMomentum = position.Cross(velocity).Magnitude;
        if (energy >= 0 || angularMomentum <= 0)
        {
            return (FallbackStepSeconds, double.NaN);
        }

        var semiMajorAxis = -EarthMu / (2.0 * energy);
        var eccentricity = Math.Sqrt(Math.Max(0.0, 1.0 - (angularMomentum * angularMomentum / (EarthMu * semiMajorAxis))));
        var perigee = semiMajorAxis * (1.0 - eccentricity);
        var fastestRate = angularMomentum / (perigee * perigee);
        var period = 2.0 * Math.PI * Math.Sqrt(semiMajorAxis * semiMajorAxis * semiMajorAxis / EarthMu);
        return (Math.Clamp(2.0 * Math.PI / fastestRate / StepsPerFastestRevolution, MinStepSeconds, MaxStepSeconds), period);
    }
}
