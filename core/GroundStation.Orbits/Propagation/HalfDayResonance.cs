namespace GroundStation.Orbits.Propagation;

/// <summary>
/// Coefficients of the 12-hour geopotential resonance for eccentric (Molniya-type) orbits: the tesseral harmonic
/// amplitudes D_lmpq with the eccentricity polynomials G and inclination functions F of Hoots &amp; Roehrich.
/// </summary>
internal readonly struct HalfDayResonance
{
    public HalfDayResonance(double em, double emsq, double sinim, double cosim, double nm, double aonv)
    {
        const double root22 = 1.7891679e-6;
        const double root32 = 3.7393792e-7;
        const double root44 = 7.3636953e-9;
        const double root52 = 1.1428639e-7;
        const double root54 = 2.1765803e-9;

        var cosisq = cosim * cosim;
        var eoc = em * emsq;
        var g201 = -0.306 - ((em - 0.64) * 0.440);
        double g211, g310, g322, g410, g422, g520, g521, g532, g533;
        if (em <= 0.65)
        {
            g211 = 3.616 - (13.2470 * em) + (16.2900 * emsq);
            g310 = -19.302 + (117.3900 * em) - (228.4190 * emsq) + (156.5910 * eoc);
            g322 = -18.9068 + (109.7927 * em) - (214.6334 * emsq) + (146.5816 * eoc);
            g410 = -41.122 + (242.6940 * em) - (471.0940 * emsq) + (313.9530 * eoc);
            g422 = -146.407 + (841.8800 * em) - (1629.014 * emsq) + (1083.4350 * eoc);
            g520 = -532.114 + (3017.977 * em) - (5740.032 * emsq) + (3708.2760 * eoc);
        }
        else
        {
            g211 = -72.099 + (331.819 * em) - (508.738 * emsq) + (266.724 * eoc);
            g310 = -346.844 + (1582.851 * em) - (2415.925 * emsq) + (1246.113 * eoc);
            g322 = -342.585 + (1554.908 * em) - (2366.899 * emsq) + (1215.972 * eoc);
            g410 = -1052.797 + (4758.686 * em) - (7193.992 * emsq) + (3651.957 * eoc);
            g422 = -3581.690 + (16178.110 * em) - (24462.770 * emsq) + (12422.520 * eoc);
            g520 = em > 0.715
                ? -5149.66 + (29936.92 * em) - (54087.36 * emsq) + (31324.56 * eoc)
                : 1464.74 - (4664.75 * em) + (3763.64 * emsq);
        }

        if (em < 0.7)
        {
            g533 = -919.22770 + (4988.6100 * em) - (9064.7700 * emsq) + (5542.21 * eoc);
            g521 = -822.71072 + (4568.6173 * em) - (8491.4146 * emsq) + (5337.524 * eoc);
            g532 = -853.66600 + (4690.2500 * em) - (8624.7700 * emsq) + (5341.4 * eoc);
        }
        else
        {
            g533 = -37995.780 + (161616.52 * em) - (229838.20 * emsq) + (109377.94 * eoc);
            g521 = -51752.104 + (218913.95 * em) - (309468.16 * emsq) + (146349.42 * eoc);
            g532 = -40023.880 + (170470.89 * em) - (242699.48 * emsq) + (115605.82 * eoc);
        }

        var sini2 = sinim * sinim;
        var f220 = 0.75 * (1.0 + (2.0 * cosim) + cosisq);
        var f221 = 1.5 * sini2;
        var f321 = 1.875 * sinim * (1.0 - (2.0 * cosim) - (3.0 * cosisq));
        var f322 = -1.875 * sinim * (1.0 + (2.0 * cosim) - (3.0 * cosisq));
        var f441 = 35.0 * sini2 * f220;
        var f442 = 39.3750 * sini2 * sini2;
        var f522 = 9.84375 * sinim *
                   ((sini2 * (1.0 - (2.0 * cosim) - (5.0 * cosisq))) + (0.33333333 * (-2.0 + (4.0 * cosim) + (6.0 * cosisq))));
        var f523 = sinim * ((4.92187512 * sini2 * (-2.0 - (4.0 * cosim) + (10.0 * cosisq))) +
                            (6.56250012 * (1.0 + (2.0 * cosim) - (3.0 * cosisq))));
        var f542 = 29.53125 * sinim * (2.0 - (8.0 * cosim) + (cosisq * (-12.0 + (8.0 * cosim) + (10.0 * cosisq))));
        var f543 = 29.53125 * sinim * (-2.0 - (8.0 * cosim) + (cosisq * (12.0 + (8.0 * cosim) - (10.0 * cosisq))));

        var xno2 = nm * nm;
        var ainv2 = aonv * aonv;
        var temp1 = 3.0 * xno2 * ainv2;
        var temp = temp1 * root22;
        D2201 = temp * f220 * g201;
        D2211 = temp * f221 * g211;
        temp1 *= aonv;
        temp = temp1 * root32;
        D3210 = temp * f321 * g310;
        D3222 = temp * f322 * g322;
        temp1 *= aonv;
        temp = 2.0 * temp1 * root44;
        D4410 = temp * f441 * g410;
        D4422 = temp * f442 * g422;
        temp1 *= aonv;
        temp = temp1 * root52;
        D5220 = temp * f522 * g520;
        D5232 = temp * f523 * g532;
        temp = 2.0 * temp1 * root54;
        D5421 = temp * f542 * g521;
        D5433 = temp * f543 * g533;
    }

    public double D2201 { get; }

    public double D2211 { get; }

    public double D3210 { get; }

    public double D3222 { get; }

    public double D4410 { get; }

    public double D4422 { get; }

    public double D5220 { get; }

    public double D5232 { get; }

    public double D5421 { get; }

    public double D5433 { get; }
}
