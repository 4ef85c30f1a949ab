using GroundStation.Orbits.Frames;
using GroundStation.Orbits.Geometry;

namespace GroundStation.Orbits.Passes;

/// <summary>
/// The pass search for one satellite, one station and one window (see docs/ORBITS-PASSES.md, "Passes").
/// Time inside is seconds since the window start. Not thread-safe: one instance per search.
/// </summary>
internal sealed class PassSearch
{
    // Gravitational parameter (WGS-84; the 10% rate margin below dwarfs the WGS-72/84 difference), km^3/s^2.
    private const double EarthMu = 398_600.4418;

    // Osculating elements from an SGP4 state differ from the mean motion by well under 1% (J2 short-period terms);
    // 10% on the angular-rate bound keeps the skip provably short of any rise.
    private const double AngularRateMargin = 1.10;

    // Apogee radius margin for the same reason, relative and absolute (km).
    private const double ApogeeMargin = 1.01;
    private const double ApogeeMarginKm = 10.0;

    // Largest angle between the geodetic normal and the geocentric radius on WGS-84 (0.1924 deg), rounded up.
    private const double GeodeticNormalOffsetRad = 0.2 * AngleMath.RadiansPerDegree;

    // Never skip more than this at once: the osculating bound is re-derived at least this often.
    private const double MaxSkipSeconds = 3600.0;

    // Sampling step while the satellite may be in view: a fraction of the orbital period, clamped.
    private const double StepsPerPeriod = 200.0;
    private const double MinNearStepSeconds = 1.0;
    private const double MaxNearStepSeconds = 60.0;

    // Resolution of AOS, LOS and TCA, seconds (the requirement is 0.1 s).
    private const double TimeTolerance = 0.005;

    // Resolution to which the first failing propagation time is located, seconds.
    private const double FailureTolerance = 1.0;

    private readonly ITemeEphemeris _ephemeris;
    private readonly GroundStationSite _site;
    private readonly TopocentricObserver _observer;
    private readonly JulianDate _startJd;
    private readonly DateTimeOffset _start;
    private readonly double _endSeconds;
    private readonly Vector3D _stationUnit;
    private readonly double _stationRadiusKm;
    private readonly double _cosLowestElevation;
    private readonly double _lowestElevationRad;

    private readonly List<SatellitePass> _passes = [];
    private readonly List<Sample> _passSamples = [];
    private bool _inPass;
    private PassClipping _openClipping;

    public PassSearch(ITemeEphemeris ephemeris, GroundStationSite site, TopocentricObserver observer, TimeWindow window)
    {
        _ephemeris = ephemeris;
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
    }

    private enum Target
    {
        Threshold,
        ThresholdRate,
        ElevationRate,
    }

    public PassPrediction Run()
    {
        var previous = Evaluate(0.0);
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
            var skipping = previous.SafeSkipSeconds >= previous.NearStepSeconds;
            var step = skipping ? Math.Min(previous.SafeSkipSeconds, MaxSkipSeconds) : previous.NearStepSeconds;
            var next = Evaluate(Math.Min(previous.T + step, _endSeconds));
            if (!next.Ok)
            {
                var (lastGood, firstBad) = LocateFailure(previous, next.T);
                failedAt = ToInstant(firstBad);
                next = lastGood;
            }

            // A skipped interval is proven to hold no visibility (see the class docs), so it needs no analysis.
            if (!skipping)
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

    private void AnalyseSegment(Sample a, Sample b)
    {
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
            var mid = Evaluate(0.5 * (good.T + badT));
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
            b = Evaluate(nextT);
            fb = Value(b, target);
        }

        return b.Ok ? b : a;
    }

    // A failed propagation inside a bracket counts as out of view and falling, so roots stay on the valid side.
    private static double Value(Sample sample, Target target) => !sample.Ok ? -1.0 : target switch
    {
        Target.Threshold => sample.Margin,
        Target.ThresholdRate => sample.MarginRate,
        _ => sample.ElevationRate,
    };

    private DateTimeOffset ToInstant(double seconds) => _start.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

    private Sample Evaluate(double t)
    {
        var utc = _startJd.AddMinutes(t / 60.0);
        if (!_ephemeris.TryGetState(utc, out var positionTeme, out var velocityTeme))
        {
            return Sample.Failed(t);
        }

        var pef = TemeFrames.TemeToPef(positionTeme, velocityTeme, utc);
        var look = _observer.ObserveRates(pef);
        var azimuthDeg = AngleMath.WrapPositive(look.Azimuth * AngleMath.DegreesPerRadian);
        var (thresholdDeg, slope) = _site.Threshold(azimuthDeg);
        var margin = look.Elevation - (thresholdDeg * AngleMath.RadiansPerDegree);
        var marginRate = look.ElevationRate - (slope * look.AzimuthRate);

        var (skip, nearStep) = SkipBound(positionTeme, velocityTeme, pef.PositionKm);
        return new Sample(t, true, margin, marginRate, look.Elevation, look.ElevationRate, look.Azimuth, skip, nearStep);
    }

    /// <summary>
    /// How long the satellite provably stays out of view, and the sampling step to use when that is too short.
    /// The central angle psi between the station's geocentric direction and the satellite's can shrink no faster
    /// than the satellite's angular rate about the Earth's centre (at most h / r_perigee^2 on its osculating orbit,
    /// with margin) plus the Earth's rotation rate; and the satellite is in view only when psi is at most
    /// acos(R_station / r cos e) - e for the lowest threshold e (less the geodetic/geocentric tilt) and r at most the
    /// apogee radius (with margin). So psi cannot reach that limit sooner than (psi - limit) / rate.
    /// </summary>
    private (double SkipSeconds, double NearStepSeconds) SkipBound(Vector3D positionTeme, Vector3D velocityTeme, Vector3D positionPef)
    {
        var radius = positionTeme.Magnitude;
        var specificEnergy = (0.5 * velocityTeme.Dot(velocityTeme)) - (EarthMu / radius);
        if (specificEnergy >= 0)
        {
            return (0.0, MinNearStepSeconds);
        }

        var angularMomentum = positionTeme.Cross(velocityTeme).Magnitude;
        var semiMajorAxis = -EarthMu / (2.0 * specificEnergy);
        var eccentricity = Math.Sqrt(Math.Max(0.0, 1.0 - (angularMomentum * angularMomentum / (EarthMu * semiMajorAxis))));
        var perigee = semiMajorAxis * (1.0 - eccentricity);
        var apogee = (semiMajorAxis * (1.0 + eccentricity) * ApogeeMargin) + ApogeeMarginKm;
        var period = 2.0 * Math.PI * Math.Sqrt(semiMajorAxis * semiMajorAxis * semiMajorAxis / EarthMu);
        var nearStep = Math.Clamp(period / StepsPerPeriod, MinNearStepSeconds, MaxNearStepSeconds);

        var maxRate = (AngularRateMargin * angularMomentum / (perigee * perigee)) + TemeFrames.EarthRotationRadPerSecond;
        var ratio = _stationRadiusKm / apogee * _cosLowestElevation;
        if (ratio >= 1.0)
        {
            return (0.0, nearStep);
        }

        var visibleLimit = Math.Acos(ratio) - _lowestElevationRad;
        var psi = Math.Acos(Math.Clamp(positionPef.Dot(_stationUnit) / radius, -1.0, 1.0));
        return (psi > visibleLimit ? (psi - visibleLimit) / maxRate : 0.0, nearStep);
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
        double SafeSkipSeconds,
        double NearStepSeconds)
    {
        public static Sample Failed(double t) => new(t, false, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0.0, MinNearStepSeconds);
    }
}
