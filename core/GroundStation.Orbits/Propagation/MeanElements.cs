using GroundStation.Orbits.Elements;

namespace GroundStation.Orbits.Propagation;

/// <summary>Epoch elements in SGP4's own units: radians, radians per minute, days since 1950 January 0.0.</summary>
internal readonly struct MeanElements
{
    /// <summary>Julian date of 1949 December 31 00:00 UTC, the origin of SGP4's epoch count.</summary>
    public const double Sgp4EpochOrigin = 2_433_281.5;

    private const double MinutesPerDay = 1440.0;
    private const double DegreesToRadians = Math.PI / 180.0;

    public MeanElements(OrbitalElements elements)
    {
        Eccentricity = elements.Eccentricity;
        Inclination = elements.InclinationDeg * DegreesToRadians;
        Raan = elements.RaanDeg * DegreesToRadians;
        ArgPerigee = elements.ArgPerigeeDeg * DegreesToRadians;
        MeanAnomaly = elements.MeanAnomalyDeg * DegreesToRadians;
        KozaiMeanMotion = elements.MeanMotionRevPerDay / (MinutesPerDay / (2.0 * Math.PI));
        BStar = elements.BStar;
        // The reference holds the epoch as one Julian-date double, which rounds it to about 40 microseconds; the
        // lunar-solar terms of very eccentric orbits are sensitive enough to that rounding (WIND, 23333, moves by
        // 4e-6 km) that matching the reference means rounding the same way.
        EpochJulianDate = elements.Epoch.Value;
        EpochDaysSince1950 = EpochJulianDate - Sgp4EpochOrigin;
    }

    public double Eccentricity { get; }

    public double Inclination { get; }

    public double Raan { get; }

    public double ArgPerigee { get; }

    public double MeanAnomaly { get; }

    /// <summary>Mean motion as the element set gives it (Kozai convention), rad/min.</summary>
    public double KozaiMeanMotion { get; }

    public double BStar { get; }

    public double EpochDaysSince1950 { get; }

    /// <summary>The epoch as one Julian-date number, rounded as the reference rounds it.</summary>
    public double EpochJulianDate { get; }
}
