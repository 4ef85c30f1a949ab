using GroundStation.Orbits.Elements;

namespace GroundStation.Orbits.Propagation;

/// <summary>
/// SGP4/SDP4 for one element set: near-Earth SGP4 for periods under 225 minutes, deep-space SDP4 (lunar-solar terms and
/// 12 h / 24 h resonances) above. Written from Hoots &amp; Roehrich (1980), Spacetrack Report #3, as revised by
/// Vallado, Crawford, Hujsak &amp; Kelso (2006), and matching their reference code to its printed precision.
/// Immutable after <see cref="Create"/> and safe to use from many threads at once; each evaluation allocates nothing.
/// </summary>
public sealed class Sgp4Propagator
{
    private const double TwoPi = 2.0 * Math.PI;
    private const double TwoThirds = 2.0 / 3.0;

    /// <summary>Orbital period from which the deep-space model applies, minutes.</summary>
    private const double DeepSpacePeriodMinutes = 225.0;

    private readonly MeanElements _mean;
    private readonly NearEarthTerms _near;
    private readonly DeepSpaceTerms? _deep;
    private readonly GravityConstants _gravity;
    private readonly Sgp4Mode _mode;

    private Sgp4Propagator(OrbitalElements elements, GravityModel gravity, Sgp4Mode mode)
    {
        Elements = elements;
        Gravity = gravity;
        _mode = mode;
        _gravity = GravityConstants.For(gravity);
        _mean = new MeanElements(elements);
        _near = new NearEarthTerms(_mean, _gravity);
        if (TwoPi / _near.MeanMotion >= DeepSpacePeriodMinutes)
        {
            var gsto = mode == Sgp4Mode.Afspc
                ? AfspcSiderealTime(_mean.EpochDaysSince1950)
                : new JulianDate(_mean.EpochJulianDate, 0.0).GreenwichMeanSiderealTime();
            _deep = new DeepSpaceTerms(_mean, _near, gsto, _gravity.Xke);
        }

        // The reference evaluates the model at epoch during initialisation; a failure there makes the set unusable.
        var resonance = default(ResonanceState);
        InitError = Evaluate(0.0, ref resonance).Error;
    }

    /// <summary>The element set this propagator was built from.</summary>
    public OrbitalElements Elements { get; }

    /// <summary>The epoch of the elements: <see cref="Propagate(double)"/> counts minutes from here.</summary>
    public JulianDate Epoch => Elements.Epoch;

    /// <summary>The gravity constants in use.</summary>
    public GravityModel Gravity { get; }

    /// <summary>The operation mode in use.</summary>
    public Sgp4Mode Mode => _mode;

    /// <summary>True when the orbital period is 225 minutes or more and the deep-space model (SDP4) applies.</summary>
    public bool IsDeepSpace => _deep is not null;

    /// <summary>
    /// <see cref="Sgp4Error.None"/> when the elements are usable; otherwise the error the model gave at epoch, which
    /// every call to <see cref="Propagate(double)"/> then returns.
    /// </summary>
    public Sgp4Error InitError { get; }

    /// <summary>The epoch elements in model units, for the batch propagator's lane layout.</summary>
    internal MeanElements Mean => _mean;

    /// <summary>The near-Earth epoch constants, for the batch propagator's lane layout.</summary>
    internal NearEarthTerms NearTerms => _near;

    /// <summary>The deep-space terms (null for near-Earth satellites), for the batch propagator's lane layout.</summary>
    internal DeepSpaceTerms? DeepTerms => _deep;

    /// <summary>The gravity constants in model units.</summary>
    internal GravityConstants Constants => _gravity;

    /// <summary>Initialises the model for one element set. Unusable elements give a propagator whose <see cref="InitError"/> says why.</summary>
    /// <param name="elements">The mean elements (TLE or OMM).</param>
    /// <param name="gravity">Gravity constants; element sets are fitted with WGS-72.</param>
    /// <param name="mode">Operation mode; <see cref="Sgp4Mode.Improved"/> unless reproducing AFSPC output.</param>
    public static Sgp4Propagator Create(
        OrbitalElements elements, GravityModel gravity = GravityModel.Wgs72, Sgp4Mode mode = Sgp4Mode.Improved)
    {
        ArgumentNullException.ThrowIfNull(elements);
        if (!Enum.IsDefined(gravity))
        {
            throw new ArgumentOutOfRangeException(nameof(gravity), gravity, "Unknown gravity model.");
        }

        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown SGP4 mode.");
        }

        return new Sgp4Propagator(elements, gravity, mode);
    }

    /// <summary>The TEME state <paramref name="minutesSinceEpoch"/> minutes after (or before, if negative) the epoch.</summary>
    public PropagationResult Propagate(double minutesSinceEpoch)
    {
        var resonance = default(ResonanceState);
        return Propagate(minutesSinceEpoch, ref resonance);
    }

    /// <summary>
    /// As <see cref="Propagate(double)"/>, continuing a deep-space resonance integration from
    /// <paramref name="resonance"/> and leaving it at the last whole step before <paramref name="minutesSinceEpoch"/>.
    /// A caller propagating one satellite forward in time keeps one state per satellite, so each call integrates at
    /// most the steps since the previous one; the result is bit-identical to <see cref="Propagate(double)"/>.
    /// </summary>
    internal PropagationResult Propagate(double minutesSinceEpoch, ref ResonanceState resonance) =>
        InitError == Sgp4Error.None ? Evaluate(minutesSinceEpoch, ref resonance) : PropagationResult.Failure(InitError);

    /// <summary>The TEME state at <paramref name="instant"/> (UTC).</summary>
    public PropagationResult Propagate(JulianDate instant) => Propagate(instant.MinutesSince(Elements.Epoch));

    /// <summary>Sidereal time at epoch as AFSPC code computes it (a 1970-based polynomial), radians in [0, 2 pi).</summary>
    private static double AfspcSiderealTime(double epochDaysSince1950)
    {
        const double c1 = 1.72027916940703639e-2;
        const double thgr70 = 1.7321343856509374;
        const double fk5r = 5.07551419432269442e-15;
        var ts70 = epochDaysSince1950 - 7305.0;
        var ds70 = Math.Floor(ts70 + 1.0e-8);
        var tfrac = ts70 - ds70;
        var gsto = (thgr70 + (c1 * ds70) + ((c1 + TwoPi) * tfrac) + (ts70 * ts70 * fk5r)) % TwoPi;
        return gsto < 0.0 ? gsto + TwoPi : gsto;
    }

    private PropagationResult Evaluate(double t, ref ResonanceState resonance)
    {
        var near = _near;
        ref readonly var mean = ref _mean;

        // Secular gravity and atmospheric drag.
        var xmdf = mean.MeanAnomaly + (near.MeanAnomalyRate * t);
        var argpdf = mean.ArgPerigee + (near.ArgPerigeeRate * t);
        var nodedf = mean.Raan + (near.NodeRate * t);
        var argpm = argpdf;
        var mm = xmdf;
        var t2 = t * t;
        var nodem = nodedf + (near.NodeDragCoefficient * t2);
        var tempa = 1.0 - (near.C1 * t);
        var tempe = mean.BStar * near.C4 * t;
        var templ = near.T2Coefficient * t2;
        if (!near.IsSimplified && _deep is null)
        {
            var delomg = near.OmegaCoefficient * t;
            var delmtemp = 1.0 + (near.Eta * Math.Cos(xmdf));
            var delm = near.MeanAnomalyCoefficient * ((delmtemp * delmtemp * delmtemp) - near.DeltaM0);
            var dragShift = delomg + delm;
            mm = xmdf + dragShift;
            argpm = argpdf - dragShift;
            var t3 = t2 * t;
            var t4 = t3 * t;
            tempa = tempa - (near.D2 * t2) - (near.D3 * t3) - (near.D4 * t4);
            tempe += mean.BStar * near.C5 * (Math.Sin(mm) - near.SinM0);
            templ = templ + (near.T3Coefficient * t3) + (t4 * (near.T4Coefficient + (t * near.T5Coefficient)));
        }

        var nm = near.MeanMotion;
        var em = mean.Eccentricity;
        var inclm = mean.Inclination;
        _deep?.ApplySecular(t, ref resonance, ref em, ref argpm, ref inclm, ref mm, ref nodem, out nm);

        if (nm <= 0.0)
        {
            return PropagationResult.Failure(Sgp4Error.MeanMotionNotPositive);
        }

        var xke = _gravity.Xke;

        // Unless a resonance moved it, nm is still the epoch mean motion, whose semi-major axis init computed with the
        // same expression.
        var am = (_deep is { IsResonant: true } ? Math.Pow(xke / nm, TwoThirds) : near.SemiMajorAxis) * tempa * tempa;
        nm = xke / (am * Math.Sqrt(am));
        em -= tempe;
        if (em >= 1.0 || em < -0.001)
        {
            return PropagationResult.Failure(Sgp4Error.MeanEccentricityOutOfRange);
        }

        if (em < 1.0e-6)
        {
            em = 1.0e-6;
        }

        mm += near.MeanMotion * templ;
        var xlm = mm + argpm + nodem;
        nodem = Angle.Remainder2Pi(nodem);
        argpm = Angle.Remainder2Pi(argpm);
        xlm = Angle.Remainder2Pi(xlm);
        mm = Angle.Remainder2Pi(xlm - argpm - nodem);

        // Lunar-solar periodics (deep space only).
        var ep = em;
        var xincp = inclm;
        var argpp = argpm;
        var nodep = nodem;
        var mp = mm;
        double sinip, cosip, xlcof, aycof, con41, x1mth2, x7thm1;
        if (_deep is null)
        {
            sinip = near.SinInclination;
            cosip = near.CosInclination;
            xlcof = near.LongPeriodLCoefficient;
            aycof = near.LongPeriodAyCoefficient;
            con41 = near.Con41;
            x1mth2 = near.X1mth2;
            x7thm1 = near.X7thm1;
        }
        else
        {
            (sinip, cosip) = _deep.ApplyPeriodics(t, _mode, ref ep, ref xincp, ref nodep, ref argpp, ref mp);
            if (xincp < 0.0)
            {
                // sin and cos are odd and even, so the values for -i come from those for i exactly.
                xincp = -xincp;
                sinip = -sinip;
                nodep += Math.PI;
                argpp -= Math.PI;
            }

            if (ep is < 0.0 or > 1.0)
            {
                return PropagationResult.Failure(Sgp4Error.PerturbedEccentricityOutOfRange);
            }

            (xlcof, aycof) = NearEarthTerms.LongPeriodCoefficients(sinip, cosip, _gravity.J3OverJ2);
            var cosisq = cosip * cosip;
            con41 = (3.0 * cosisq) - 1.0;
            x1mth2 = 1.0 - cosisq;
            x7thm1 = (7.0 * cosisq) - 1.0;
        }

        // Long-period periodics.
        var (sinArgp, cosArgp) = Math.SinCos(argpp);
        var axnl = ep * cosArgp;
        var temp0 = 1.0 / (am * (1.0 - (ep * ep)));
        var aynl = (ep * sinArgp) + (temp0 * aycof);
        var xl = mp + argpp + nodep + (temp0 * xlcof * axnl);

        // Kepler's equation in the equinoctial form, Newton-Raphson with the step limited to 0.95 rad.
        var u = Angle.Remainder2Pi(xl - nodep);
        var eo1 = u;
        var tem5 = 9999.9;
        var sineo1 = 0.0;
        var coseo1 = 0.0;
        for (var iteration = 1; Math.Abs(tem5) >= 1.0e-12 && iteration <= 10; iteration++)
        {
            (sineo1, coseo1) = Math.SinCos(eo1);
            tem5 = 1.0 - (coseo1 * axnl) - (sineo1 * aynl);
            tem5 = (u - (aynl * coseo1) + (axnl * sineo1) - eo1) / tem5;
            if (Math.Abs(tem5) >= 0.95)
            {
                tem5 = tem5 > 0.0 ? 0.95 : -0.95;
            }

            eo1 += tem5;
        }

        // Short-period preliminary quantities.
        var ecose = (axnl * coseo1) + (aynl * sineo1);
        var esine = (axnl * sineo1) - (aynl * coseo1);
        var el2 = (axnl * axnl) + (aynl * aynl);
        var pl = am * (1.0 - el2);
        if (pl < 0.0)
        {
            return PropagationResult.Failure(Sgp4Error.SemiLatusRectumNegative);
        }

        var rl = am * (1.0 - ecose);
        var rdotl = Math.Sqrt(am) * esine / rl;
        var rvdotl = Math.Sqrt(pl) / rl;
        var betal = Math.Sqrt(1.0 - el2);
        var temp = esine / (1.0 + betal);
        var sinu = am / rl * (sineo1 - aynl - (axnl * temp));
        var cosu = am / rl * (coseo1 - axnl + (aynl * temp));
        var su = Math.Atan2(sinu, cosu);
        var sin2u = (cosu + cosu) * sinu;
        var cos2u = 1.0 - (2.0 * sinu * sinu);
        temp = 1.0 / pl;
        var temp1 = 0.5 * _gravity.J2 * temp;
        var temp2 = temp1 * temp;

        // Short-period periodics.
        var mrt = (rl * (1.0 - (1.5 * temp2 * betal * con41))) + (0.5 * temp1 * x1mth2 * cos2u);
        su -= 0.25 * temp2 * x7thm1 * sin2u;
        var xnode = nodep + (1.5 * temp2 * cosip * sin2u);
        var xinc = xincp + (1.5 * temp2 * cosip * sinip * cos2u);
        var mvt = rdotl - (nm * temp1 * x1mth2 * sin2u / xke);
        var rvdot = rvdotl + (nm * temp1 * ((x1mth2 * cos2u) + (1.5 * con41)) / xke);

        // Orientation vectors and the state.
        var (sinsu, cossu) = Math.SinCos(su);
        var (snod, cnod) = Math.SinCos(xnode);
        var (sini, cosi) = Math.SinCos(xinc);
        var xmx = -snod * cosi;
        var xmy = cnod * cosi;
        var ux = (xmx * sinsu) + (cnod * cossu);
        var uy = (xmy * sinsu) + (snod * cossu);
        var uz = sini * sinsu;
        var vx = (xmx * cossu) - (cnod * sinsu);
        var vy = (xmy * cossu) - (snod * sinsu);
        var vz = sini * cossu;

        var radius = _gravity.RadiusKm;
        var vkmpersec = _gravity.KmPerSecondPerUnit;
        var state = new TemeState(
            new Vector3D(mrt * ux * radius, mrt * uy * radius, mrt * uz * radius),
            new Vector3D(
                ((mvt * ux) + (rvdot * vx)) * vkmpersec,
                ((mvt * uy) + (rvdot * vy)) * vkmpersec,
                ((mvt * uz) + (rvdot * vz)) * vkmpersec));

        return mrt < 1.0 ? PropagationResult.Failure(Sgp4Error.Decayed, state) : PropagationResult.Success(state);
    }
}
