using GroundStation.Orbits.Frames;
using GroundStation.Orbits.Geometry;

namespace GroundStation.Orbits.Passes;

/// <summary>
/// The pass search for one satellite, one station and one window (see docs/ORBITS.md, "Passes").
/// Time inside is seconds since the window start. Not thread-safe: one instance per search.
/// </summary>
internal sealed class PassSearch
{
    // Gravitational parameter (WGS-84; the margins below dwarf the WGS-72/84 difference of 1e-6), km^3/s^2.
    internal const double EarthMu = 398_600.4418;

    // Osculating elements from an SGP4 state drift from the true motion by about J2 ~ 1e-3 relative within an
    // hour (J2 short-period terms); the margins below are several times that, so every bound stays a bound.
    private const double AngularRateMargin = 1.05;
    private const double RadiusMargin = 0.002;
    private const double RadiusMarginKm = 10.0;

    // How fast the orbit plane can turn (J2 nodal regression is at most ~1.2e-6 rad/s, 6 deg/day, for LEO), and how
    // far it can wobble (short-period inclination and node terms, well under 0.05 deg), with margin.
    private const double PlaneTurnRateRadPerSecond = 1e-5;
    private const double PlaneWobbleRad = 0.2 * AngleMath.RadiansPerDegree;

    // Largest angle between the geodetic normal and the geocentric radius on WGS-84 (0.1924 deg), rounded up.
    private const double GeodeticNormalOffsetRad = 0.2 * AngleMath.RadiansPerDegree;

    // Never skip more than this at once on the strength of the osculating orbit (its angular rate, its radii);
    // the orbit-plane bound depends on none of that and may skip further.
    private const double MaxSkipSeconds = 3600.0;
    private const double MaxPlaneSkipSeconds = 6 * 3600.0;

    // Sampling step while the satellite may be crossing the threshold: a fraction of the orbital period, clamped.
    // Without a mask the margin above the threshold has one maximum per approach (elevation falls as psi grows and
    // psi has one minimum per revolution), so a step far below half a period brackets every extremum alone; a mask
    // adds extrema of its own, so masked sites sample four times finer.
    private const double StepsPerPeriod = 50.0;
    private const double StepsPerPeriodWithMask = 200.0;
    private const double MinNearStepSeconds = 1.0;
    private const double MaxNearStepSeconds = 60.0;

    // Resolution of AOS, LOS and TCA, seconds (the requirement is 0.1 s).
    private const double TimeTolerance = 0.02;

    // Mask vertices closer than this (degrees of azimuth) to a sample need no split of their own.
    private const double VertexMarginDeg = 0.05;

    // Resolution to which the first failing propagation time is located, seconds.
    internal const double FailureTolerance = 1.0;

    private readonly ITemeEphemeris? _ephemeris;
    private readonly EarthFixedTrack? _track;
    private readonly GroundStationSite _site;
    private readonly TopocentricObserver _observer;
    private readonly JulianDate _startJd;
    private readonly DateTimeOffset _start;
    private readonly double _endSeconds;
    private readonly Vector3D _stationUnit;
    private readonly double _stationRadiusKm;
    private readonly double _cosLowestElevation;
    private readonly double _lowestElevationRad;
    private readonly double _cosHighestElevation;
    private readonly double _highestElevationRad;
    private readonly double _stepsPerPeriod;

    private readonly List<SatellitePass> _passes = [];
    private readonly List<Sample> _passSamples = [];
    private readonly double[] _maskVerticesDeg;
    private double _vertexDeg;
    private bool _inPass;
    private PassClipping _openClipping;

    public PassSearch(ITemeEphemeris ephemeris, GroundStationSite site, TopocentricObserver observer, TimeWindow window)
        : this(site, observer, window)
    {
        _ephemeris = ephemeris;
    }

    /// <summary>A search on a precomputed track (shared by every station) instead of propagating.</summary>
    public PassSearch(EarthFixedTrack track, GroundStationSite site, TopocentricObserver observer, TimeWindow window)
        : this(site, observer, window)
    {
        _track = track;
    }

    private PassSearch(GroundStationSite site, TopocentricObserver observer, TimeWindow window)
    {
        _site = site;
        _observer = observer;
        _start = window.Start;
        _startJd = JulianDate.FromDateTime(window.Start);
        _endSeconds = window.Duration.TotalSeconds;
        _stationRadiusKm = observer.PositionKm.Magnitude;
        _stationUnit = observer.PositionKm * (1.0 / _stationRadiusKm);
        // Geocentric elevation is at least the geodetic one minus the normal's tilt; keep the bound below -89 deg
        // so the geometry stays defined for absurd masks.
        _lowestElevationRad = Math.Max(
            (site.LowestThresholdDegrees * AngleMath.RadiansPerDegree) - GeodeticNormalOffsetRad,
            -89.0 * AngleMath.RadiansPerDegree);
        _cosLowestElevation = Math.Cos(_lowestElevationRad);
        // Geodetic elevation is at least the geocentric one minus the tilt, so above this the site surely sees it.
        _highestElevationRad = Math.Min(
            (site.HighestThresholdDegrees * AngleMath.RadiansPerDegree) + GeodeticNormalOffsetRad,
            89.0 * AngleMath.RadiansPerDegree);
        _cosHighestElevation = Math.Cos(_highestElevationRad);
        _stepsPerPeriod = site.Mask is null ? StepsPerPeriod : StepsPerPeriodWithMask;
        _maskVerticesDeg = site.Mask is null ? [] : [.. site.Mask.Points.Select(p => p.Azimuth.Degrees)];
    }

    private enum Target
    {
        Threshold,
        ThresholdRate,
        ElevationRate,
        AzimuthPastVertex,
    }

    public PassPrediction Run()
    {
        if (_track is not null)
        {
            return RunOnTrack(_track);
        }

        var previous = Evaluate(0.0, withBounds: true);
        if (!previous.Ok)
        {
            return new PassPrediction([], _start);
        }

        if (previous.Margin > 0)
        {
            Open(previous, PassClipping.InProgressAtStart);
        }

        DateTimeOffset? failedAt = null;
        while (previous.T < _endSeconds)
        {
            // Out of view for sure, in view for sure, or possibly crossing the threshold: only the last needs a look.
            var outOfView = previous.Bounds.OutOfViewSeconds >= previous.Bounds.NearStepSeconds;
            var inView = _inPass && previous.Bounds.InViewSeconds >= previous.Bounds.NearStepSeconds;
            var step = outOfView ? previous.Bounds.OutOfViewSeconds
                : inView ? previous.Bounds.InViewSeconds
                : previous.Bounds.NearStepSeconds;
            var next = Evaluate(Math.Min(previous.T + step, _endSeconds), withBounds: true);
            if (!next.Ok)
            {
                var (lastGood, firstBad) = LocateFailure(previous, next.T);
                failedAt = ToInstant(firstBad);
                next = lastGood;
            }

            // A skipped interval is proven to hold no threshold crossing (see SkipBounds), so it needs no analysis.
            if (!outOfView && !inView)
            {
                AnalyseSegment(previous, next);
            }

            if (_inPass && next.T > previous.T)
            {
                _passSamples.Add(next);
            }

            previous = next;
            if (failedAt is not null)
            {
                break;
            }
        }

        if (_inPass)
        {
            Close(previous, failedAt is null ? PassClipping.InProgressAtEnd : PassClipping.EndedByPropagationError);
        }

        return new PassPrediction(_passes, failedAt);
    }

    /// <summary>
    /// The search on a shared track: a grid interval is skipped when both its ends are outside the cone in which the
    /// satellite can be in view by more than the angle it can turn in half the interval (so it cannot have entered
    /// the cone in between), and when in a pass, stepped over when both ends are that far inside the cone where it is
    /// surely in view. Every other interval is sampled at the near step and analysed exactly as
    /// <see cref="Run"/> does, on the interpolated track.
    /// </summary>
    private PassPrediction RunOnTrack(EarthFixedTrack track)
    {
        if (track.Count == 0)
        {
            return new PassPrediction([], _start);
        }

        // psi (the angle at the Earth's centre between site and satellite) changes no faster than the satellite
        // turns about the centre plus the Earth's rotation; the cone limits are those of SkipBounds.
        var psiRate = (AngularRateMargin * track.MaxAngularRate) + TemeFrames.EarthRotationRadPerSecond;
        var apogee = (track.MaxRadiusKm * (1.0 + RadiusMargin)) + RadiusMarginKm;
        var lowestRadius = (track.MinRadiusKm * (1.0 - RadiusMargin)) - RadiusMarginKm;
        var outerRatio = _stationRadiusKm / apogee * _cosLowestElevation;
        var outerLimit = outerRatio >= 1.0 ? double.PositiveInfinity : Math.Acos(outerRatio) - _lowestElevationRad;
        var innerRatio = _stationRadiusKm / lowestRadius * _cosHighestElevation;
        var innerLimit = innerRatio >= 1.0 ? double.NegativeInfinity : Math.Acos(innerRatio) - _highestElevationRad;
        var nearStep = double.IsFinite(track.PeriodSeconds)
            ? Math.Clamp(track.PeriodSeconds / _stepsPerPeriod, MinNearStepSeconds, MaxNearStepSeconds)
            : MinNearStepSeconds;
        var failedAt = double.IsNaN(track.FailedAtSeconds) ? (DateTimeOffset?)null : ToInstant(track.FailedAtSeconds);

        Sample? previous = Evaluate(0.0, withBounds: false);
        if (previous.Value.Margin > 0)
        {
            Open(previous.Value, PassClipping.InProgressAtStart);
        }

        var nominal = (Out: CosOfAngle(outerLimit + (0.5 * psiRate * track.StepSeconds)), In: CosOfAngle(innerLimit - (0.5 * psiRate * track.StepSeconds)));
        var cosOuterLimit = CosOfAngle(outerLimit);
        var skipPerStep = psiRate * track.StepSeconds;
        var i = 0;
        while (i + 1 < track.Count)
        {
            var cosA = track.CosAngleTo(i, _stationUnit);
            if (!_inPass && cosA < cosOuterLimit)
            {
                // Outside the cone by psi - L: it takes at least (psi - L) / psiRate to get in, so every grid interval
                // ending before then is skipped at once (every interval is at most one nominal step long).
                var steps = (int)Math.Min((Math.Acos(cosA) - outerLimit) / skipPerStep, int.MaxValue - 1);
                if (steps >= 1)
                {
                    previous = null;
                    i = (int)Math.Min((long)i + steps, track.Count - 1);
                    continue;
                }
            }

            var a = track.TimeAt(i);
            var b = track.TimeAt(i + 1);
            var cosB = track.CosAngleTo(i + 1, _stationUnit);
            var (cosOut, cosIn) = b - a == track.StepSeconds ? nominal
                : (CosOfAngle(outerLimit + (0.5 * psiRate * (b - a))), CosOfAngle(innerLimit - (0.5 * psiRate * (b - a))));
            i++;
            if (!_inPass && cosA < cosOut && cosB < cosOut)
            {
                previous = null;
                continue;
            }

            if (_inPass && cosA > cosIn && cosB > cosIn)
            {
                var inView = Evaluate(b, withBounds: false);
                _passSamples.Add(inView);
                previous = inView;
                continue;
            }

            var sample = previous ?? Evaluate(a, withBounds: false);

            var pieces = Math.Max(1, (int)Math.Ceiling((b - a) / nearStep));
            for (var k = 1; k <= pieces; k++)
            {
                var next = Evaluate(k == pieces ? b : a + ((b - a) * k / pieces), withBounds: false);
                AnalyseSegment(sample, next);
                if (_inPass && next.T > sample.T)
                {
                    _passSamples.Add(next);
                }

                sample = next;
            }

            previous = sample;
        }

        if (_inPass)
        {
            Close(previous ?? Evaluate(track.TimeAt(track.Count - 1), withBounds: false),
                failedAt is null ? PassClipping.InProgressAtEnd : PassClipping.EndedByPropagationError);
        }

        return new PassPrediction(_passes, failedAt);
    }

    // cos of an angle limit: beyond pi nothing is outside it (-2 is below any cosine), below 0 nothing inside (2).
    private static double CosOfAngle(double angle) => angle >= Math.PI ? -2.0 : angle <= 0.0 ? 2.0 : Math.Cos(angle);

    private void AnalyseSegment(Sample a, Sample b)
    {
        // At a mask vertex the threshold has a kink, so the margin can have an extremum there that the slopes at
        // the step's ends do not reveal (a dip behind a narrow obstacle): split the step where the azimuth crosses
        // the vertex and look at each side, on which the threshold is linear in azimuth.
        if (_maskVerticesDeg.Length > 0 && FirstVertexCrossed(a, b) is { } vertexDeg)
        {
            _vertexDeg = vertexDeg;
            var kink = FindZero(a, b, Target.AzimuthPastVertex);
            if (kink.Ok && kink.T - a.T > TimeTolerance && b.T - kink.T > TimeTolerance)
            {
                AnalyseSegment(a, kink);
                if (_inPass)
                {
                    _passSamples.Add(kink);
                }

                AnalyseSegment(kink, b);
                return;
            }
        }

        var aInView = a.Margin > 0;
        var bInView = b.Margin > 0;
        if (!aInView && bInView)
        {
            Open(FindZero(a, b, Target.Threshold), PassClipping.None);
        }
        else if (aInView && !bInView)
        {
            Close(FindZero(a, b, Target.Threshold), PassClipping.None);
        }
        else if (!aInView && a.MarginRate > 0 && b.MarginRate < 0)
        {
            // Below at both ends but rising then falling: a grazing pass may peak in between.
            var peak = FindZero(a, b, Target.ThresholdRate);
            if (peak.Margin > 0)
            {
                Open(FindZero(a, peak, Target.Threshold), PassClipping.None);
                _passSamples.Add(peak);
                Close(FindZero(peak, b, Target.Threshold), PassClipping.None);
            }
        }
        else if (aInView && a.MarginRate < 0 && b.MarginRate > 0)
        {
            // Above at both ends but dipping in between (a horizon mask's notch): the dip may break the pass.
            var dip = FindZero(a, b, Target.ThresholdRate);
            if (dip.Margin <= 0)
            {
                Close(FindZero(a, dip, Target.Threshold), PassClipping.None);
                Open(FindZero(dip, b, Target.Threshold), PassClipping.None);
            }
        }
    }

    private void Open(Sample aos, PassClipping clipping)
    {
        _inPass = true;
        _openClipping = clipping;
        _passSamples.Clear();
        _passSamples.Add(aos);
    }

    private void Close(Sample los, PassClipping clipping)
    {
        if (_passSamples[^1].T < los.T)
        {
            _passSamples.Add(los);
        }

        var aos = _passSamples[0];
        var tca = aos.Elevation >= los.Elevation ? aos : los;
        for (var i = 1; i < _passSamples.Count; i++)
        {
            var p = _passSamples[i - 1];
            var q = _passSamples[i];
            var candidate = p.ElevationRate > 0 && q.ElevationRate <= 0 ? FindZero(p, q, Target.ElevationRate) : q;
            if (candidate.Ok && candidate.Elevation > tca.Elevation)
            {
                tca = candidate;
            }
        }

        _passes.Add(new SatellitePass(
            ToInstant(aos.T),
            ToInstant(tca.T),
            ToInstant(los.T),
            Geometry.Elevation.FromRadians(tca.Elevation),
            Azimuth.FromRadians(aos.Azimuth),
            Azimuth.FromRadians(tca.Azimuth),
            Azimuth.FromRadians(los.Azimuth),
            _openClipping | clipping));
        _inPass = false;
        _passSamples.Clear();
    }

    private (Sample LastGood, double FirstBad) LocateFailure(Sample good, double badT)
    {
        while (badT - good.T > FailureTolerance)
        {
            var mid = Evaluate(0.5 * (good.T + badT), withBounds: true);
            if (mid.Ok)
            {
                good = mid;
            }
            else
            {
                badT = mid.T;
            }
        }

        return (good, badT);
    }

    /// <summary>
    /// Brent's method (Brent 1973, "zeroin") on the chosen quantity, bracketed by <paramref name="a"/> and
    /// <paramref name="b"/> of opposite signs; returns the sample at the root to within <see cref="TimeTolerance"/>.
    /// </summary>
    private Sample FindZero(Sample a, Sample b, Target target)
    {
        var fa = Value(a, target);
        var fb = Value(b, target);
        if (fa == 0)
        {
            return a;
        }

        if (fb == 0)
        {
            return b;
        }

        var c = a;
        var fc = fa;
        var d = b.T - a.T;
        var e = d;
        for (var iteration = 0; iteration < 100; iteration++)
        {
            if ((fb > 0) == (fc > 0))
            {
                c = a;
                fc = fa;
                d = b.T - a.T;
                e = d;
            }

            if (Math.Abs(fc) < Math.Abs(fb))
            {
                (a, b, c) = (b, c, b);
                (fa, fb, fc) = (fb, fc, fb);
            }

            var tolerance = 0.5 * TimeTolerance;
            var half = 0.5 * (c.T - b.T);
            if (Math.Abs(half) <= tolerance || fb == 0)
            {
                return b.Ok ? b : (c.Ok ? c : a);
            }

            if (Math.Abs(e) >= tolerance && Math.Abs(fa) > Math.Abs(fb))
            {
                // Inverse quadratic interpolation, or the secant step when only two points differ.
                double p;
                double q;
                var s = fb / fa;
                if (a.T == c.T)
                {
                    p = 2.0 * half * s;
                    q = 1.0 - s;
                }
                else
                {
                    var qa = fa / fc;
                    var r = fb / fc;
                    p = s * ((2.0 * half * qa * (qa - r)) - ((b.T - a.T) * (r - 1.0)));
                    q = (qa - 1.0) * (r - 1.0) * (s - 1.0);
                }

                if (p > 0)
                {
                    q = -q;
                }
                else
                {
                    p = -p;
                }

                if (2.0 * p < Math.Min((3.0 * half * q) - Math.Abs(tolerance * q), Math.Abs(e * q)))
                {
                    e = d;
                    d = p / q;
                }
                else
                {
                    d = half;
                    e = d;
                }
            }
            else
            {
                d = half;
                e = d;
            }

            a = b;
            fa = fb;
            var nextT = Math.Abs(d) > tolerance ? b.T + d : b.T + (half > 0 ? tolerance : -tolerance);
            b = Evaluate(nextT, withBounds: false);
            fb = Value(b, target);
        }

        return b.Ok ? b : a;
    }

    // A failed propagation inside a bracket counts as out of view and falling, so roots stay on the valid side.
    private double Value(Sample sample, Target target) => !sample.Ok ? -1.0 : target switch
    {
        Target.Threshold => sample.Margin,
        Target.ThresholdRate => sample.MarginRate,
        Target.ElevationRate => sample.ElevationRate,
        _ => AngleMath.WrapSigned((sample.Azimuth * AngleMath.DegreesPerRadian) - _vertexDeg),
    };

    /// <summary>
    /// The first mask vertex the azimuth passes between two samples (taking the shorter way round), ignoring
    /// vertices within <see cref="VertexMarginDeg"/> of either end, where a kink changes nothing measurable.
    /// </summary>
    private double? FirstVertexCrossed(Sample a, Sample b)
    {
        var startDeg = a.Azimuth * AngleMath.DegreesPerRadian;
        var travelDeg = AngleMath.WrapSigned((b.Azimuth * AngleMath.DegreesPerRadian) - startDeg);
        double? first = null;
        var firstOffset = double.MaxValue;
        foreach (var vertex in _maskVerticesDeg)
        {
            var offset = travelDeg >= 0
                ? AngleMath.WrapPositive(vertex - startDeg)
                : AngleMath.WrapPositive(startDeg - vertex);
            if (offset > VertexMarginDeg && offset < Math.Abs(travelDeg) - VertexMarginDeg && offset < firstOffset)
            {
                first = vertex;
                firstOffset = offset;
            }
        }

        return first;
    }

    private DateTimeOffset ToInstant(double seconds) => _start.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

    private Sample Evaluate(double t, bool withBounds)
    {
        if (_track is not null)
        {
            return Observe(t, _track.At(t), SkipBoundsResult.None);
        }

        var utc = _startJd.AddMinutes(t / 60.0);
        if (!_ephemeris!.TryGetState(utc, out var positionTeme, out var velocityTeme))
        {
            return Sample.Failed(t);
        }

        var gmst = TemeFrames.SiderealAngle(utc, EarthOrientation.None);
        var pef = TemeFrames.RotateToPef(positionTeme, velocityTeme, gmst, TemeFrames.EarthRotationRadPerSecond);
        var bounds = withBounds ? SkipBounds(positionTeme, velocityTeme, pef, gmst) : SkipBoundsResult.None;
        return Observe(t, pef, bounds);
    }

    private Sample Observe(double t, EarthFixedState pef, SkipBoundsResult bounds)
    {
        var look = _observer.ObserveRates(pef);
        var azimuthDeg = AngleMath.WrapPositive(look.Azimuth * AngleMath.DegreesPerRadian);
        var (thresholdDeg, slope) = _site.Threshold(azimuthDeg);
        var margin = look.Elevation - (thresholdDeg * AngleMath.RadiansPerDegree);
        var marginRate = look.ElevationRate - (slope * look.AzimuthRate);
        return new Sample(t, true, margin, marginRate, look.Elevation, look.ElevationRate, look.Azimuth, bounds);
    }

    /// <summary>
    /// How long the satellite provably stays out of view, how long it provably stays in view, and the sampling step
    /// for when neither is long enough. With psi the angle at the Earth's centre between the site and the satellite:
    /// <list type="bullet">
    /// <item>the satellite can be in view only while psi &lt;= acos(R_site / r cos e) - e, with e the lowest
    /// threshold less the geodetic/geocentric tilt and r the apogee radius (with margin); it is surely in view while
    /// psi &lt;= the same with the highest threshold plus the tilt and the perigee radius (with margin);</item>
    /// <item>psi changes no faster than the satellite's angular rate about the Earth's centre (at most h / r_p^2 on
    /// the osculating orbit, with margin) plus the Earth's rotation rate;</item>
    /// <item>psi is at least the angle between the site and the orbit plane, which changes no faster than the
    /// Earth's rotation rate plus the plane's own turning (nodal regression, with margin).</item>
    /// </list>
    /// Each bound divides a distance from a limit by a largest rate, so the skip ends before the limit is reached.
    /// </summary>
    private SkipBoundsResult SkipBounds(Vector3D positionTeme, Vector3D velocityTeme, EarthFixedState pef, double gmst)
    {
        var radius = positionTeme.Magnitude;
        var specificEnergy = (0.5 * velocityTeme.Dot(velocityTeme)) - (EarthMu / radius);
        if (specificEnergy >= 0)
        {
            return SkipBoundsResult.None;
        }

        var angularMomentumVector = positionTeme.Cross(velocityTeme);
        var angularMomentum = angularMomentumVector.Magnitude;
        var semiMajorAxis = -EarthMu / (2.0 * specificEnergy);
        var eccentricity = Math.Sqrt(Math.Max(0.0, 1.0 - (angularMomentum * angularMomentum / (EarthMu * semiMajorAxis))));
        var perigee = semiMajorAxis * (1.0 - eccentricity);
        var apogee = (semiMajorAxis * (1.0 + eccentricity) * (1.0 + RadiusMargin)) + RadiusMarginKm;
        var lowestRadius = (perigee * (1.0 - RadiusMargin)) - RadiusMarginKm;
        var period = 2.0 * Math.PI * Math.Sqrt(semiMajorAxis * semiMajorAxis * semiMajorAxis / EarthMu);
        var nearStep = Math.Clamp(period / _stepsPerPeriod, MinNearStepSeconds, MaxNearStepSeconds);

        var psiRate = (AngularRateMargin * angularMomentum / (perigee * perigee)) + TemeFrames.EarthRotationRadPerSecond;
        var psi = Math.Acos(Math.Clamp(pef.PositionKm.Dot(_stationUnit) / radius, -1.0, 1.0));

        var outerRatio = _stationRadiusKm / apogee * _cosLowestElevation;
        if (outerRatio >= 1.0)
        {
            return new SkipBoundsResult(0.0, 0.0, nearStep);
        }

        var outerLimit = Math.Acos(outerRatio) - _lowestElevationRad;
        var outOfView = 0.0;
        if (psi > outerLimit)
        {
            // The orbit normal, rotated into PEF with the rest: angles between these vectors are the same in any frame.
            var normal = TemeFrames.RotateToPef(angularMomentumVector * (1.0 / angularMomentum), Vector3D.Zero, gmst, 0.0).PositionKm;
            var normalComponent = normal.Dot(_stationUnit);
            var planeDistance = Math.Asin(Math.Min(1.0, Math.Abs(normalComponent))) - PlaneWobbleRad;
            var planeRate = TemeFrames.EarthRotationRadPerSecond + PlaneTurnRateRadPerSecond;
            outOfView = Math.Max(
                Math.Min((psi - outerLimit) / psiRate, MaxSkipSeconds),
                Math.Min((planeDistance - outerLimit) / planeRate, MaxPlaneSkipSeconds));
            var satelliteRates = (Minimum: angularMomentum / (apogee * apogee * AngularRateMargin), Maximum: AngularRateMargin * angularMomentum / (perigee * perigee));
            outOfView = Math.Max(outOfView, AlongTrackSkip(pef.PositionKm * (1.0 / radius), normal, normalComponent, outerLimit, planeRate, satelliteRates));
        }

        var innerRatio = _stationRadiusKm / lowestRadius * _cosHighestElevation;
        var inView = 0.0;
        if (innerRatio < 1.0)
        {
            var innerLimit = Math.Acos(innerRatio) - _highestElevationRad;
            inView = psi < innerLimit ? Math.Min((innerLimit - psi) / psiRate, MaxSkipSeconds) : 0.0;
        }

        return new SkipBoundsResult(outOfView, inView, nearStep);
    }

    /// <summary>
    /// Seconds before the satellite can enter the outer cone, from its position along its orbit. Let u be the angle
    /// in the orbit plane from the site's foot point (its projection on the plane) to the satellite, positive in the
    /// direction of motion. Since cos psi = cos(plane distance) cos u, psi &lt;= L needs |u| &lt;= L. u grows at the
    /// satellite's angular rate (at least h / r_apogee^2, at most h / r_perigee^2, with margins) less the foot point's
    /// drift (at most the plane-distance rate over the cosine of the plane distance); while the drift is slower than
    /// the satellite, u only grows, so from u &gt; -L it must first travel to 360 deg - L. This is what makes a
    /// receding satellite cheap: it is skipped for most of a revolution at once.
    /// </summary>
    private double AlongTrackSkip(
        Vector3D satelliteDirection,
        Vector3D normal,
        double normalComponent,
        double limit,
        double planeRate,
        (double Minimum, double Maximum) satelliteRates)
    {
        var cosPlaneDistance = Math.Sqrt(Math.Max(0.0, 1.0 - (normalComponent * normalComponent)));
        var footDrift = planeRate / Math.Max(cosPlaneDistance, 1e-9);
        if (cosPlaneDistance < 0.5 || footDrift >= satelliteRates.Minimum)
        {
            return 0.0;
        }

        var foot = (_stationUnit - (normal * normalComponent)) * (1.0 / cosPlaneDistance);
        var alongTrack = Math.Atan2(foot.Cross(satelliteDirection).Dot(normal), foot.Dot(satelliteDirection));
        if (Math.Abs(alongTrack) <= limit)
        {
            return 0.0;
        }

        var travel = alongTrack > limit ? (2.0 * Math.PI) - limit - alongTrack : -limit - alongTrack;
        return Math.Min(travel / (satelliteRates.Maximum + footDrift), MaxSkipSeconds);
    }

    /// <summary>One evaluation: margin above the threshold and elevation (radians) with their rates (rad/s).</summary>
    private readonly record struct Sample(
        double T,
        bool Ok,
        double Margin,
        double MarginRate,
        double Elevation,
        double ElevationRate,
        double Azimuth,
        SkipBoundsResult Bounds)
    {
        public static Sample Failed(double t) => new(t, false, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, SkipBoundsResult.None);
    }

    /// <summary>Seconds the satellite surely stays out of view, surely stays in view, and the sampling step.</summary>
    private readonly record struct SkipBoundsResult(double OutOfViewSeconds, double InViewSeconds, double NearStepSeconds)
    {
        public static SkipBoundsResult None => new(0.0, 0.0, MinNearStepSeconds);
    }
}
