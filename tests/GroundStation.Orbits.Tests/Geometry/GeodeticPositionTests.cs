using GroundStation.Orbits.Geometry;

namespace GroundStation.Orbits.Tests.Geometry;

public class GeodeticPositionTests
{
    [Fact]
    public void The_equator_at_the_prime_meridian_is_one_equatorial_radius_along_x()
    {
        var ecef = new GeodeticPosition(new Latitude(0), new Longitude(0), 0).ToEarthFixed();

        Assert.Equal(new Vector3D(Wgs84.EquatorialRadiusKm, 0, 0), ecef);
    }

    [Fact]
    public void The_north_pole_is_one_polar_radius_along_z()
    {
        var ecef = new GeodeticPosition(new Latitude(90), new Longitude(0), 1000).ToEarthFixed();

        Assert.Equal(0, ecef.X, 9);
        Assert.Equal(6356.752314245 + 1.0, ecef.Z, 9);
    }

    [Fact]
    public void Converting_to_earth_fixed_and_back_is_exact_to_a_micrometre_from_the_ground_to_geostationary_height()
    {
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var original = new GeodeticPosition(
                new Latitude(-90 + (180 * random.NextDouble())),
                new Longitude(-180 + (360 * random.NextDouble())),
                -400 + (random.NextDouble() * 36_000_000));

            var back = GeodeticPosition.FromEarthFixed(original.ToEarthFixed());

            Assert.Equal(original.Latitude.Degrees, back.Latitude.Degrees, 9);
            if (Math.Abs(original.Latitude.Degrees) < 89.999)
            {
                Assert.Equal(original.Longitude.Degrees, back.Longitude.Degrees, 9);
            }

            Assert.Equal(original.AltitudeMeters, back.AltitudeMeters, 3);
        }
    }

    [Theory]
    [InlineData(90.0001)]
    [InlineData(-91)]
    [InlineData(double.NaN)]
    public void A_latitude_out_of_range_is_refused(double degrees)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Latitude(degrees));
        Assert.Contains("between -90 and 90", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(180.5)]
    [InlineData(-181)]
    public void A_longitude_out_of_range_is_refused(double degrees) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Longitude(degrees));

    [Fact]
    public void Azimuths_wrap_into_a_full_turn()
    {
        Assert.Equal(350, Azimuth.FromDegreesWrapped(-10).Degrees, 12);
        Assert.Equal(0, Azimuth.FromDegreesWrapped(720).Degrees);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Azimuth(360));
    }
}
