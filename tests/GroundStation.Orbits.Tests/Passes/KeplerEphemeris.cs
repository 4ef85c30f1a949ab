using GroundStation.Orbits.Passes;

namespace GroundStation.Orbits.Tests.Passes;

/// <summary>
/// Synthetic two-body motion, exact to rounding: lets the pass search be tested on orbits of any shape, including ones
/// that stop (<see cref="ValidUntil"/>) the way a decaying SGP4 orbit does.
/// </summary>
internal sealed class KeplerEphemeris(
    JulianDate epoch,
    double semiMajorAxisKm,
    double eccentricity,
    double inclinationDeg,
    double raanDeg,
    double argPerigeeDeg,
    double meanAnomalyDeg) : ITemeEphemeris
{
    private const double Mu = 398_600.4418;
    private const double Deg = Math.PI / 180.0;

    public JulianDate? ValidUntil { get; init; }

    public double PeriodSeconds => 2 * Math.PI * Math.Sqrt(semiMajorAxisKm * semiMajorAxisKm * semiMajorAxisKm / Mu);

    public static KeplerEphemeris Circular(JulianDate epoch, double altitudeKm, double inclinationDeg, double raanDeg, double argumentOfLatitudeDeg) =>
        new(epoch, 6378.137 + altitudeKm, 0.0, inclinationDeg, raanDeg, 0.0, argumentOfLatitudeDeg);

    public bool TryGetState(JulianDate utc, out Vector3D positionKm, out Vector3D velocityKmPerSecond)
    {
        if (ValidUntil is { } limit && utc > limit)
        {
            positionKm = default;
            velocityKmPerSecond = default;
            return false;
        }

        var n = Math.Sqrt(Mu / (semiMajorAxisKm * semiMajorAxisKm * semiMajorAxisKm));
        var meanAnomaly = (meanAnomalyDeg * Deg) + (n * utc.MinutesSince(epoch) * 60.0);
        var eccentricAnomaly = meanAnomaly;
        for (var i = 0; i < 30; i++)
        {
            var delta = (eccentricAnomaly - (eccentricity * Math.Sin(eccentricAnomaly)) - meanAnomaly) /
                        (1 - (eccentricity * Math.Cos(eccentricAnomaly)));
            eccentricAnomaly -= delta;
            if (Math.Abs(delta) < 1e-14)
            {
                break;
            }
        }

        var (sinE, cosE) = Math.SinCos(eccentricAnomaly);
        var root = Math.Sqrt(1 - (eccentricity * eccentricity));
        var xOrbit = semiMajorAxisKm * (cosE - eccentricity);
        var yOrbit = semiMajorAxisKm * root * sinE;
        var edot = n / (1 - (eccentricity * cosE));
        var vxOrbit = -semiMajorAxisKm * sinE * edot;
        var vyOrbit = semiMajorAxisKm * root * cosE * edot;

        positionKm = ToInertial(xOrbit, yOrbit);
        velocityKmPerSecond = ToInertial(vxOrbit, vyOrbit);
        return true;
    }

    private Vector3D ToInertial(double x, double y)
    {
        var (sO, cO) = Math.SinCos(raanDeg * Deg);
        var (sw, cw) = Math.SinCos(argPerigeeDeg * Deg);
        var (si, ci) = Math.SinCos(inclinationDeg * Deg);
        return new Vector3D(
            (((cO * cw) - (sO * sw * ci)) * x) + ((-(cO * sw) - (sO * cw * ci)) * y),
            (((sO * cw) + (cO * sw * ci)) * x) + ((-(sO * sw) + (cO * cw * ci)) * y),
            (sw * si * x) + (cw * si * y));
    }
}
