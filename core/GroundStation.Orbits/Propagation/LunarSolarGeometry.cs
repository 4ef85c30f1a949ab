namespace GroundStation.Orbits.Propagation;

/// <summary>
/// The lunar and solar perturbation coefficients at epoch (dscom in Vallado et al. 2006): the geometry of the orbit
/// relative to the Sun's and Moon's orbits, reduced to the coefficients of the secular rates and periodic terms.
/// </summary>
internal readonly struct LunarSolarGeometry
{
    private const double TwoPi = 2.0 * Math.PI;

    public LunarSolarGeometry(in MeanElements elements, NearEarthTerms near)
    {
        const double zes = 0.01675;
        const double zel = 0.05490;
        const double c1ss = 2.9864797e-6;
        const double c1l = 4.7968065e-7;
        const double zsinis = 0.39785416;
        const double zcosis = 0.91744867;
        const double zcosgs = 0.1945905;
        const double zsings = -0.98088458;

        var em = elements.Eccentricity;
        var (snodm, cnodm) = Math.SinCos(elements.Raan);
        var (sinomm, cosomm) = Math.SinCos(elements.ArgPerigee);
        var sinim = near.SinInclination;
        var cosim = near.CosInclination;
        var emsq = em * em;
        var betasq = 1.0 - emsq;
        var rtemsq = Math.Sqrt(betasq);

        // Moon's node and argument from the epoch, days since 1900 January 0.5.
        var day = elements.EpochDaysSince1950 + 18261.5;
        var xnodce = (4.5236020 - (9.2422029e-4 * day)) % TwoPi;
        var (stem, ctem) = Math.SinCos(xnodce);
        var zcosil = 0.91375164 - (0.03568096 * ctem);
        var zsinil = Math.Sqrt(1.0 - (zcosil * zcosil));
        var zsinhl = 0.089683511 * stem / zsinil;
        var zcoshl = Math.Sqrt(1.0 - (zsinhl * zsinhl));
        var gam = 5.8351514 + (0.0019443680 * day);
        var zx = 0.39785416 * stem / zsinil;
        var zy = (zcoshl * ctem) + (0.91744867 * zsinhl * stem);
        zx = Math.Atan2(zx, zy);
        zx = gam + zx - xnodce;
        var (zsingl, zcosgl) = Math.SinCos(zx);

        // First pass: the Sun; second pass: the Moon.
        var solar = new BodyTerms(zcosgs, zsings, zcosis, zsinis, cnodm, snodm, c1ss * (1.0 / near.MeanMotion),
            em, emsq, betasq, rtemsq, sinim, cosim, sinomm, cosomm);
        var lunar = new BodyTerms(zcosgl, zsingl, zcosil, zsinil,
            (zcoshl * cnodm) + (zsinhl * snodm), (snodm * zcoshl) - (cnodm * zsinhl), c1l * (1.0 / near.MeanMotion),
            em, emsq, betasq, rtemsq, sinim, cosim, sinomm, cosomm);

        Zmol = (4.7199672 + (0.22997150 * day) - gam) % TwoPi;
        Zmos = (6.2565837 + (0.017201977 * day)) % TwoPi;

        (Ss1, Ss2, Ss3, Ss4, Ss5) = (solar.S1, solar.S2, solar.S3, solar.S4, solar.S5);
        (Sz1, Sz3, Sz11, Sz13, Sz21, Sz23, Sz31, Sz33) =
            (solar.Z1, solar.Z3, solar.Z11, solar.Z13, solar.Z21, solar.Z23, solar.Z31, solar.Z33);
        (S1, S2, S3, S4, S5) = (lunar.S1, lunar.S2, lunar.S3, lunar.S4, lunar.S5);
        (Z1, Z3, Z11, Z13, Z21, Z23, Z31, Z33) =
            (lunar.Z1, lunar.Z3, lunar.Z11, lunar.Z13, lunar.Z21, lunar.Z23, lunar.Z31, lunar.Z33);

        Se2 = 2.0 * solar.S1 * solar.S6;
        Se3 = 2.0 * solar.S1 * solar.S7;
        Si2 = 2.0 * solar.S2 * solar.Z12;
        Si3 = 2.0 * solar.S2 * (solar.Z13 - solar.Z11);
        Sl2 = -2.0 * solar.S3 * solar.Z2;
        Sl3 = -2.0 * solar.S3 * (solar.Z3 - solar.Z1);
        Sl4 = -2.0 * solar.S3 * (-21.0 - (9.0 * emsq)) * zes;
        Sgh2 = 2.0 * solar.S4 * solar.Z32;
        Sgh3 = 2.0 * solar.S4 * (solar.Z33 - solar.Z31);
        Sgh4 = -18.0 * solar.S4 * zes;
        Sh2 = -2.0 * solar.S2 * solar.Z22;
        Sh3 = -2.0 * solar.S2 * (solar.Z23 - solar.Z21);

        Ee2 = 2.0 * lunar.S1 * lunar.S6;
        E3 = 2.0 * lunar.S1 * lunar.S7;
        Xi2 = 2.0 * lunar.S2 * lunar.Z12;
        Xi3 = 2.0 * lunar.S2 * (lunar.Z13 - lunar.Z11);
        Xl2 = -2.0 * lunar.S3 * lunar.Z2;
        Xl3 = -2.0 * lunar.S3 * (lunar.Z3 - lunar.Z1);
        Xl4 = -2.0 * lunar.S3 * (-21.0 - (9.0 * emsq)) * zel;
        Xgh2 = 2.0 * lunar.S4 * lunar.Z32;
        Xgh3 = 2.0 * lunar.S4 * (lunar.Z33 - lunar.Z31);
        Xgh4 = -18.0 * lunar.S4 * zel;
        Xh2 = -2.0 * lunar.S2 * lunar.Z22;
        Xh3 = -2.0 * lunar.S2 * (lunar.Z23 - lunar.Z21);
    }

    public double Zmol { get; }

    public double Zmos { get; }

    public double Ss1 { get; }

    public double Ss2 { get; }

    public double Ss3 { get; }

    public double Ss4 { get; }

    public double Ss5 { get; }

    public double Sz1 { get; }

    public double Sz3 { get; }

    public double Sz11 { get; }

    public double Sz13 { get; }

    public double Sz21 { get; }

    public double Sz23 { get; }

    public double Sz31 { get; }

    public double Sz33 { get; }

    public double S1 { get; }

    public double S2 { get; }

    public double S3 { get; }

    public double S4 { get; }

    public double S5 { get; }

    public double Z1 { get; }

    public double Z3 { get; }

    public double Z11 { get; }

    public double Z13 { get; }

    public double Z21 { get; }

    public double Z23 { get; }

    public double Z31 { get; }

    public double Z33 { get; }

    public double Se2 { get; }

    public double Se3 { get; }

    public double Si2 { get; }

    public double Si3 { get; }

    public double Sl2 { get; }

    public double Sl3 { get; }

    public double Sl4 { get; }

    public double Sgh2 { get; }

    public double Sgh3 { get; }

    public double Sgh4 { get; }

    public double Sh2 { get; }

    public double Sh3 { get; }

    public double Ee2 { get; }

    public double E3 { get; }

    public double Xi2 { get; }

    public double Xi3 { get; }

    public double Xl2 { get; }

    public double Xl3 { get; }

    public double Xl4 { get; }

    public double Xgh2 { get; }

    public double Xgh3 { get; }

    public double Xgh4 { get; }

    public double Xh2 { get; }

    public double Xh3 { get; }

    /// <summary>The intermediate terms of one perturbing body (the Sun or the Moon).</summary>
    private readonly struct BodyTerms
    {
        public BodyTerms(
            double zcosg, double zsing, double zcosi, double zsini, double zcosh, double zsinh, double s3,
            double em, double emsq, double betasq, double rtemsq,
            double sinim, double cosim, double sinomm, double cosomm)
        {
            var a1 = (zcosg * zcosh) + (zsing * zcosi * zsinh);
            var a3 = (-zsing * zcosh) + (zcosg * zcosi * zsinh);
            var a7 = (-zcosg * zsinh) + (zsing * zcosi * zcosh);
            var a8 = zsing * zsini;
            var a9 = (zsing * zsinh) + (zcosg * zcosi * zcosh);
            var a10 = zcosg * zsini;
            var a2 = (cosim * a7) + (sinim * a8);
            var a4 = (cosim * a9) + (sinim * a10);
            var a5 = (-sinim * a7) + (cosim * a8);
            var a6 = (-sinim * a9) + (cosim * a10);

            var x1 = (a1 * cosomm) + (a2 * sinomm);
            var x2 = (a3 * cosomm) + (a4 * sinomm);
            var x3 = (-a1 * sinomm) + (a2 * cosomm);
            var x4 = (-a3 * sinomm) + (a4 * cosomm);
            var x5 = a5 * sinomm;
            var x6 = a6 * sinomm;
            var x7 = a5 * cosomm;
            var x8 = a6 * cosomm;

            Z31 = (12.0 * x1 * x1) - (3.0 * x3 * x3);
            Z32 = (24.0 * x1 * x2) - (6.0 * x3 * x4);
            Z33 = (12.0 * x2 * x2) - (3.0 * x4 * x4);
            var z1 = (3.0 * ((a1 * a1) + (a2 * a2))) + (Z31 * emsq);
            var z2 = (6.0 * ((a1 * a3) + (a2 * a4))) + (Z32 * emsq);
            var z3 = (3.0 * ((a3 * a3) + (a4 * a4))) + (Z33 * emsq);
            Z11 = (-6.0 * a1 * a5) + (emsq * ((-24.0 * x1 * x7) - (6.0 * x3 * x5)));
            Z12 = (-6.0 * ((a1 * a6) + (a3 * a5))) +
                  (emsq * ((-24.0 * ((x2 * x7) + (x1 * x8))) - (6.0 * ((x3 * x6) + (x4 * x5)))));
            Z13 = (-6.0 * a3 * a6) + (emsq * ((-24.0 * x2 * x8) - (6.0 * x4 * x6)));
            Z21 = (6.0 * a2 * a5) + (emsq * ((24.0 * x1 * x5) - (6.0 * x3 * x7)));
            Z22 = (6.0 * ((a4 * a5) + (a2 * a6))) +
                  (emsq * ((24.0 * ((x2 * x5) + (x1 * x6))) - (6.0 * ((x4 * x7) + (x3 * x8)))));
            Z23 = (6.0 * a4 * a6) + (emsq * ((24.0 * x2 * x6) - (6.0 * x4 * x8)));
            Z1 = z1 + z1 + (betasq * Z31);
            Z2 = z2 + z2 + (betasq * Z32);
            Z3 = z3 + z3 + (betasq * Z33);
            S3 = s3;
            S2 = -0.5 * s3 / rtemsq;
            S4 = s3 * rtemsq;
            S1 = -15.0 * em * S4;
            S5 = (x1 * x3) + (x2 * x4);
            S6 = (x2 * x3) + (x1 * x4);
            S7 = (x2 * x4) - (x1 * x3);
        }

        public double S1 { get; }

        public double S2 { get; }

        public double S3 { get; }

        public double S4 { get; }

        public double S5 { get; }

        public double S6 { get; }

        public double S7 { get; }

        public double Z1 { get; }

        public double Z2 { get; }

        public double Z3 { get; }

        public double Z11 { get; }

        public double Z12 { get; }

        public double Z13 { get; }

        public double Z21 { get; }

        public double Z22 { get; }

        public double Z23 { get; }

        public double Z31 { get; }

        public double Z32 { get; }

        public double Z33 { get; }
    }
}
