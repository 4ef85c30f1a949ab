using GroundStation.Orbits.Geometry;

namespace GroundStation.Orbits.Frames;

/// <summary>
/// Rotations from SGP4's TEME frame to the Earth-fixed PEF and ITRF frames, after Vallado, Crawford, Hujsak and Kelso
/// (2006), "Revisiting Spacetrack Report #3", section 6 and Appendix C:
/// r_PEF = R3(GMST) r_TEME, v_PEF = R3(GMST) v_TEME - omega x r_PEF, r_ITRF = W^T r_PEF, v_ITRF = W^T v_PEF,
/// where GMST is the IAU-82 mean sidereal time at UT1 and W the IAU-76/FK5 polar-motion matrix. TEME already holds
/// the equation of the equinoxes, so GMST (not apparent sidereal time) is the right angle; the post-1997 kinematic
/// terms do not enter the rotation, which is what reproduces the paper's Appendix C values.
/// </summary>
public static class TemeFrames
{
    /// <summary>Nominal Earth rotation rate, rad/s (IERS, the value Vallado's reference code uses).</summary>
    public const double EarthRotationRadPerSecond = 7.292115146706979e-5;

    /// <summary>TEME to the pseudo-Earth-fixed frame (no polar motion).</summary>
    /// <param name="positionKm">TEME position, km.</param>
    /// <param name="velocityKmPerSecond">TEME velocity, km/s.</param>
    /// <param name="utc">The instant, UTC.</param>
    /// <param name="orientation">UT1-UTC and length of day used; polar motion is ignored in PEF.</param>
    public static EarthFixedState TemeToPef(Vector3D positionKm, Vector3D velocityKmPerSecond, JulianDate utc, EarthOrientation orientation)
    {
        var rotationRate = EarthRotationRadPerSecond * (1.0 - (orientation.LengthOfDayExcessSeconds / 86400.0));
        return RotateToPef(positionKm, velocityKmPerSecond, SiderealAngle(utc, orientation), rotationRate);
    }

    /// <summary>The IAU-82 GMST (radians) at the UT1 of <paramref name="utc"/>: the TEME to PEF angle.</summary>
    internal static double SiderealAngle(JulianDate utc, EarthOrientation orientation)
    {
        // The reference implementation evaluates GMST from the UT1 Julian date held in one double; doing the same
        // keeps results identical to its published vectors (the two-part form differs by ~1e-9 rad, 8 mm at 8,000 km).
        var ut1 = new JulianDate(utc.Value + (orientation.Ut1MinusUtcSeconds / 86400.0), 0.0);
        return ut1.GreenwichMeanSiderealTime();
    }

    /// <summary>TEME to the pseudo-Earth-fixed frame with no Earth orientation corrections.</summary>
    public static EarthFixedState TemeToPef(Vector3D positionKm, Vector3D velocityKmPerSecond, JulianDate utc) =>
        TemeToPef(positionKm, velocityKmPerSecond, utc, EarthOrientation.None);

    /// <summary>TEME to ITRF: <see cref="TemeToPef(Vector3D, Vector3D, JulianDate, EarthOrientation)"/> then polar motion.</summary>
    public static EarthFixedState TemeToItrf(Vector3D positionKm, Vector3D velocityKmPerSecond, JulianDate utc, EarthOrientation orientation)
    {
        var pef = TemeToPef(positionKm, velocityKmPerSecond, utc, orientation);
        var xp = orientation.PolarMotionXArcseconds * AngleMath.RadiansPerArcsecond;
        var yp = orientation.PolarMotionYArcseconds * AngleMath.RadiansPerArcsecond;
        return new EarthFixedState(
            PefToItrf(pef.PositionKm, xp, yp),
            PefToItrf(pef.VelocityKmPerSecond, xp, yp));
    }

    /// <summary>The rotation into PEF for a sidereal angle already known (radians); the pass search caches it.</summary>
    internal static EarthFixedState RotateToPef(Vector3D positionKm, Vector3D velocityKmPerSecond, double gmst, double rotationRate)
    {
        var (sin, cos) = Math.SinCos(gmst);
        var position = new Vector3D(
            (cos * positionKm.X) + (sin * positionKm.Y),
            (-sin * positionKm.X) + (cos * positionKm.Y),
            positionKm.Z);
        // v_PEF = R3 v_TEME - omega x r_PEF, with omega along +z.
        var velocity = new Vector3D(
            (cos * velocityKmPerSecond.X) + (sin * velocityKmPerSecond.Y) + (rotationRate * position.Y),
            (-sin * velocityKmPerSecond.X) + (cos * velocityKmPerSecond.Y) - (rotationRate * position.X),
            velocityKmPerSecond.Z);
        return new EarthFixedState(position, velocity);
    }

    // W^T for the IAU-76/FK5 polar motion matrix W = R1(yp) R2(xp) (small-angle exact form).
    private static Vector3D PefToItrf(Vector3D v, double xp, double yp)
    {
        var (sinX, cosX) = Math.SinCos(xp);
        var (sinY, cosY) = Math.SinCos(yp);
        return new Vector3D(
            (cosX * v.X) + (sinX * sinY * v.Y) + (sinX * cosY * v.Z),
            (cosY * v.Y) - (sinY * v.Z),
            (-sinX * v.X) + (cosX * sinY * v.Y) + (cosX * cosY * v.Z));
    }
}
