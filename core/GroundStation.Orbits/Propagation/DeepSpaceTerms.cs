namespace GroundStation.Orbits.Propagation;

/// <summary>
/// The deep-space part of the model (SDP4) for periods of 225 minutes or more: lunar and solar secular and periodic
/// terms, and the numerically integrated 12-hour and 24-hour geopotential resonances (Hoots &amp; Roehrich 1980,
/// as revised by Vallado et al. 2006). Immutable: the resonance integrator's state lives in a
/// <see cref="ResonanceState"/> the caller owns, which starts at the epoch state precomputed here and may be carried
/// from call to call to continue forward; the 720-minute steps are the same either way, so results are bit-identical.
/// </summary>
internal sealed class DeepSpaceTerms
{
    private const double TwoPi = 2.0 * Math.PI;

    // Solar and lunar mean-motion and eccentricity constants.
    internal const double Zns = 1.19459e-5;
    internal const double Zes = 0.01675;
    internal const double Znl = 1.5835218e-4;
    internal const double Zel = 0.05490;

    /// <summary>Earth rotation rate, rad/min.</summary>
    internal const double Rptim = 4.37526908801129966e-3;

    /// <summary>Integrator step, minutes, and half its square.</summary>
    private const double Step = 720.0;
    private const double HalfStepSquared = 259200.0;

    private readonly ResonanceKind _resonance;

    // Lunar-solar periodic coefficients and the bodies' mean anomalies at epoch (dscom).
    private readonly PeriodicCoefficients _solar, _lunar;
    private readonly double _zmol, _zmos;

    // Lunar-solar secular rates (dsinit).
    private readonly double _dedt, _didt, _dmdt, _dnodt, _domdt;

    // Resonance coefficients (dsinit).
    private readonly double _d2201, _d2211, _d3210, _d3222, _d4410, _d4422, _d5220, _d5232, _d5421, _d5433;
    private readonly double _del1, _del2, _del3, _xfact, _xlamo;

    private readonly double _gsto, _meanMotion, _argPerigee0, _argPerigeeRate;

    /// <summary>The integrator at epoch, rates included, so calls within one step of epoch evaluate no rates.</summary>
    private readonly ResonanceState _epochResonance;

    public DeepSpaceTerms(in MeanElements elements, NearEarthTerms near, double gsto, double xke)
    {
        _gsto = gsto;
        _meanMotion = near.MeanMotion;
        _argPerigee0 = elements.ArgPerigee;
        _argPerigeeRate = near.ArgPerigeeRate;

        var lunarSolar = new LunarSolarGeometry(elements, near);
        _solar = lunarSolar.Solar;
        _lunar = lunarSolar.Lunar;
        _zmol = lunarSolar.Zmol;
        _zmos = lunarSolar.Zmos;

        // Secular lunar-solar rates.
        var s = lunarSolar;
        var emsq = near.EccentricitySquared;
        var sinim = near.SinInclination;
        var cosim = near.CosInclination;
        var inclm = elements.Inclination;
        var ses = s.Ss1 * Zns * s.Ss5;
        var sis = s.Ss2 * Zns * (s.Sz11 + s.Sz13);
        var sls = -Zns * s.Ss3 * (s.Sz1 + s.Sz3 - 14.0 - (6.0 * emsq));
        var sghs = s.Ss4 * Zns * (s.Sz31 + s.Sz33 - 6.0);
        var shs = -Zns * s.Ss2 * (s.Sz21 + s.Sz23);
        var nearEquatorial = inclm < 5.2359877e-2 || inclm > Math.PI - 5.2359877e-2;
        if (nearEquatorial)
        {
            shs = 0.0;
        }

        if (sinim != 0.0)
        {
            shs /= sinim;
        }

        var sgs = sghs - (cosim * shs);
        _dedt = ses + (s.S1 * Znl * s.S5);
        _didt = sis + (s.S2 * Znl * (s.Z11 + s.Z13));
        _dmdt = sls - (Znl * s.S3 * (s.Z1 + s.Z3 - 14.0 - (6.0 * emsq)));
        var sghl = s.S4 * Znl * (s.Z31 + s.Z33 - 6.0);
        var shll = nearEquatorial ? 0.0 : -Znl * s.S2 * (s.Z21 + s.Z23);
        _domdt = sgs + sghl;
        _dnodt = shs;
        if (sinim != 0.0)
        {
            _domdt -= cosim / sinim * shll;
            _dnodt += shll / sinim;
        }

        // Geopotential resonance: 24 h (synchronous) or 12 h with e >= 0.5 (Molniya-type).
        var nm = near.MeanMotion;
        var em = elements.Eccentricity;
        if (nm is < 0.0052359877 and > 0.0034906585)
        {
            _resonance = ResonanceKind.Synchronous;
        }
        else if (nm is >= 8.26e-3 and <= 9.24e-3 && em >= 0.5)
        {
            _resonance = ResonanceKind.HalfDay;
        }

        if (_resonance == ResonanceKind.None)
        {
            return;
        }

        var theta = gsto % TwoPi;
        var aonv = Math.Pow(nm / xke, 2.0 / 3.0);
        if (_resonance == ResonanceKind.HalfDay)
        {
            var c = new HalfDayResonance(em, emsq, sinim, cosim, nm, aonv);
            (_d2201, _d2211, _d3210, _d3222, _d4410) = (c.D2201, c.D2211, c.D3210, c.D3222, c.D4410);
            (_d4422, _d5220, _d5232, _d5421, _d5433) = (c.D4422, c.D5220, c.D5232, c.D5421, c.D5433);
            _xlamo = (elements.MeanAnomaly + elements.Raan + elements.Raan - theta - theta) % TwoPi;
            _xfact = near.MeanAnomalyRate + _dmdt + (2.0 * (near.NodeRate + _dnodt - Rptim)) - nm;
        }
        else
        {
            var g200 = 1.0 + (emsq * (-2.5 + (0.8125 * emsq)));
            var g310 = 1.0 + (2.0 * emsq);
            var g300 = 1.0 + (emsq * (-6.0 + (6.60937 * emsq)));
            var f220 = 0.75 * (1.0 + cosim) * (1.0 + cosim);
            var f311 = (0.9375 * sinim * sinim * (1.0 + (3.0 * cosim))) - (0.75 * (1.0 + cosim));
            var f330 = 1.0 + cosim;
            f330 = 1.875 * f330 * f330 * f330;
            const double q22 = 1.7891679e-6;
            const double q31 = 2.1460748e-6;
            const double q33 = 2.2123015e-7;
            var del1 = 3.0 * nm * nm * aonv * aonv;
            _del2 = 2.0 * del1 * f220 * g200 * q22;
            _del3 = 3.0 * del1 * f330 * g300 * q33 * aonv;
            _del1 = del1 * f311 * g310 * q31 * aonv;
            _xlamo = (elements.MeanAnomaly + elements.Raan + elements.ArgPerigee - theta) % TwoPi;
            _xfact = near.MeanAnomalyRate + (near.ArgPerigeeRate + near.NodeRate) - Rptim + _dmdt + _domdt + _dnodt - nm;
        }

        var (xndt, xnddt) = Rates(_xlamo, 0.0);
        _epochResonance = new ResonanceState(0.0, _xlamo, _meanMotion, xndt, xnddt);
    }

    private enum ResonanceKind
    {
        None,
        Synchronous,
        HalfDay,
    }

    /// <summary>The integrator state to start from with no earlier call to continue.</summary>
    public ResonanceState EpochResonance => _epochResonance;

    /// <summary>Whether a geopotential resonance is integrated; without one the mean motion stays at its epoch value.</summary>
    public bool IsResonant => _resonance != ResonanceKind.None;

    /// <summary>Whether the resonance is the 12-hour one (eccentric, Molniya-type) rather than the 24-hour one.</summary>
    public bool IsHalfDayResonant => _resonance == ResonanceKind.HalfDay;

    /// <summary>Lunar-solar secular rates of eccentricity, inclination, mean anomaly, node and perigee, per minute.</summary>
    public (double Dedt, double Didt, double Dmdt, double Dnodt, double Domdt) SecularRates =>
        (_dedt, _didt, _dmdt, _dnodt, _domdt);

    /// <summary>Sidereal time at epoch, rad.</summary>
    public double Gsto => _gsto;

    /// <summary>The constant part of the resonance's mean longitude rate (xfact).</summary>
    public double ResonanceRateOffset => _xfact;

    /// <summary>Solar periodic coefficients.</summary>
    public PeriodicCoefficients Solar => _solar;

    /// <summary>Lunar periodic coefficients.</summary>
    public PeriodicCoefficients Lunar => _lunar;

    /// <summary>Sun's mean anomaly at epoch, rad.</summary>
    public double Zmos => _zmos;

    /// <summary>Moon's mean anomaly at epoch, rad.</summary>
    public double Zmol => _zmol;

    /// <summary>
    /// Adds the lunar-solar secular terms to the mean elements and, for resonant orbits, integrates the resonance
    /// to <paramref name="t"/> minutes from epoch, giving the mean anomaly and mean motion (dspace). The integrator
    /// continues from <paramref name="resonance"/> when that lies between epoch and <paramref name="t"/>
    /// (otherwise it restarts from epoch) and is left at the last whole step before <paramref name="t"/>.
    /// </summary>
    public void ApplySecular(
        double t,
        ref ResonanceState resonance,
        ref double em,
        ref double argpm,
        ref double inclm,
        ref double mm,
        ref double nodem,
        out double nm)
    {
        em += _dedt * t;
        inclm += _didt * t;
        argpm += _domdt * t;
        nodem += _dnodt * t;
        mm += _dmdt * t;
        nm = _meanMotion;
        if (_resonance == ResonanceKind.None)
        {
            return;
        }

        var theta = Angle.Remainder2Pi(_gsto + (t * Rptim));
        AdvanceResonance(t, ref resonance);
        var (atime, xli, xni, xndt, xnddt) = resonance;
        var xldot = xni + _xfact;
        xnddt *= xldot;
        var ft = t - atime;
        nm = xni + (xndt * ft) + (xnddt * ft * ft * 0.5);
        var xl = xli + (xldot * ft) + (xndt * ft * ft * 0.5);
        mm = _resonance == ResonanceKind.HalfDay
            ? xl - (2.0 * nodem) + (2.0 * theta)
            : xl - nodem - argpm + theta;
    }

    /// <summary>
    /// Moves the resonance integrator to the last whole 720-minute step before <paramref name="t"/>: continuing from
    /// <paramref name="resonance"/> when that lies between epoch and <paramref name="t"/>, otherwise restarting from
    /// epoch, as the reference does. Only meaningful for resonant orbits.
    /// </summary>
    public void AdvanceResonance(double t, ref ResonanceState resonance)
    {
        var delt = t > 0.0 ? Step : -Step;

        // The reference restarts from epoch when t lies behind the integrator or on the other side of epoch.
        var state = resonance;
        if (state.Atime == 0.0 || t * state.Atime <= 0.0 || Math.Abs(t) < Math.Abs(state.Atime))
        {
            state = _epochResonance;
        }

        var (atime, xli, xni, xndt, xnddt) = state;
        while (Math.Abs(t - atime) >= Step)
        {
            var xldot = xni + _xfact;
            var xnddtStep = xnddt * xldot;
            xli += (xldot * delt) + (xndt * HalfStepSquared);
            xni += (xndt * delt) + (xnddtStep * HalfStepSquared);
            atime += delt;
            (xndt, xnddt) = Rates(xli, atime);
        }

        resonance = new ResonanceState(atime, xli, xni, xndt, xnddt);
    }

    /// <summary>
    /// Adds the lunar-solar periodic terms at <paramref name="t"/> minutes from epoch (dpper), with Lyddane's
    /// modification for inclinations below 0.2 rad. Returns the sine and cosine of the perturbed inclination.
    /// </summary>
    public (double SinInclination, double CosInclination) ApplyPeriodics(
        double t, Sgp4Mode mode, ref double ep, ref double inclp, ref double nodep, ref double argpp, ref double mp)
    {
        var (ses, sis, sls, sghs, shs) = _solar.Evaluate(_zmos + (Zns * t), Zes);
        var (sel, sil, sll, sghl, shll) = _lunar.Evaluate(_zmol + (Znl * t), Zel);

        // The reference subtracts the epoch values of these terms, which it leaves at zero; so do we.
        var pe = ses + sel;
        var pinc = sis + sil;
        var pl = sls + sll;
        var pgh = sghs + sghl;
        var ph = shs + shll;

        inclp += pinc;
        ep += pe;
        var (sinip, cosip) = Math.SinCos(inclp);
        if (inclp >= 0.2)
        {
            ph /= sinip;
            pgh -= cosip * ph;
            argpp += pgh;
            nodep += ph;
            mp += pl;
            return (sinip, cosip);
        }

        // Lyddane: apply the node and inclination terms through the non-singular elements.
        var (sinop, cosop) = Math.SinCos(nodep);
        var alfdp = (sinip * sinop) + ((ph * cosop) + (pinc * cosip * sinop));
        var betdp = (sinip * cosop) + ((-ph * sinop) + (pinc * cosip * cosop));
        nodep = Angle.Remainder2Pi(nodep);
        if (nodep < 0.0 && mode == Sgp4Mode.Afspc)
        {
            nodep += TwoPi;
        }

        var xls = mp + argpp + (cosip * nodep);
        var dls = pl + pgh - (pinc * nodep * sinip);
        xls += dls;
        var xnoh = nodep;
        nodep = Math.Atan2(alfdp, betdp);
        if (nodep < 0.0 && mode == Sgp4Mode.Afspc)
        {
            nodep += TwoPi;
        }

        if (Math.Abs(xnoh - nodep) > Math.PI)
        {
            nodep = nodep < xnoh ? nodep + TwoPi : nodep - TwoPi;
        }

        mp += pl;
        argpp = xls - mp - (cosip * nodep);
        return (sinip, cosip);
    }

    /// <summary>The resonance's rates of mean motion (xndt) and of xndt per unit of mean longitude rate (xnddt).</summary>
    private (double Xndt, double Xnddt) Rates(double xli, double atime) => _resonance switch
    {
        ResonanceKind.HalfDay => HalfDayRates(xli, atime),
        ResonanceKind.Synchronous => SynchronousRates(xli),
        _ => (0.0, 0.0),
    };

    private (double Xndt, double Xnddt) SynchronousRates(double xli)
    {
        const double fasx2 = 0.13130908;
        const double fasx4 = 2.8843198;
        const double fasx6 = 0.37448087;
        var (s1, c1) = Math.SinCos(xli - fasx2);
        var (s2, c2) = Math.SinCos(2.0 * (xli - fasx4));
        var (s3, c3) = Math.SinCos(3.0 * (xli - fasx6));
        var xndt = (_del1 * s1) + (_del2 * s2) + (_del3 * s3);
        var xnddt = (_del1 * c1) + (2.0 * _del2 * c2) + (3.0 * _del3 * c3);
        return (xndt, xnddt);
    }

    private (double Xndt, double Xnddt) HalfDayRates(double xli, double atime)
    {
        const double g22 = 5.7686396;
        const double g32 = 0.95240898;
        const double g44 = 1.8014998;
        const double g52 = 1.0508330;
        const double g54 = 4.4108898;
        var xomi = _argPerigee0 + (_argPerigeeRate * atime);
        var x2omi = xomi + xomi;
        var x2li = xli + xli;
        var (s2201, c2201) = Math.SinCos(x2omi + xli - g22);
        var (s2211, c2211) = Math.SinCos(xli - g22);
        var (s3210, c3210) = Math.SinCos(xomi + xli - g32);
        var (s3222, c3222) = Math.SinCos(-xomi + xli - g32);
        var (s4410, c4410) = Math.SinCos(x2omi + x2li - g44);
        var (s4422, c4422) = Math.SinCos(x2li - g44);
        var (s5220, c5220) = Math.SinCos(xomi + xli - g52);
        var (s5232, c5232) = Math.SinCos(-xomi + xli - g52);
        var (s5421, c5421) = Math.SinCos(xomi + x2li - g54);
        var (s5433, c5433) = Math.SinCos(-xomi + x2li - g54);
        var xndt = (_d2201 * s2201) + (_d2211 * s2211) + (_d3210 * s3210) + (_d3222 * s3222) + (_d4410 * s4410) +
                   (_d4422 * s4422) + (_d5220 * s5220) + (_d5232 * s5232) + (_d5421 * s5421) + (_d5433 * s5433);
        var xnddt = (_d2201 * c2201) + (_d2211 * c2211) + (_d3210 * c3210) + (_d3222 * c3222) + (_d5220 * c5220) +
                    (_d5232 * c5232) +
                    (2.0 * ((_d4410 * c4410) + (_d4422 * c4422) + (_d5421 * c5421) + (_d5433 * c5433)));
        return (xndt, xnddt);
    }
}
