using GroundStation.Orbits.Frames;
using GroundStation.Orbits.Geometry;

namespace GroundStation.Orbits.Tests.Geometry;

public class TopocentricObserverTests
{
    private static readonly GeodeticPosition Station = new(new Latitude(45), new Longitude(10), 200);

    [Fact]
    public void A_satellite_above_the_geodetic_zenith_is_at_90_degrees_and_its_height_away()
    {
        var observer = new TopocentricObserver(Station);
        var overhead = new GeodeticPosition(Station.Latitude, Station.Longitude, 500_200).ToEarthFixed();

        var look = observer.Observe(new EarthFixedState(overhead, Vector3D.Zero));

        Assert.Equal(90, look.Elevation.Degrees, 6);
        Assert.Equal(500, look.RangeKm, 6);
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(90.0, 90.0)]
    [InlineData(180.0, 180.0)]
    [InlineData(270.0, 270.0)]
    public void Azimuth_is_measured_clockwise_from_north(double bearingDeg, double expectedAzimuthDeg)
    {
        var observer = new TopocentricObserver(Station);
        var east = new Vector3D(-Math.Sin(Station.Longitude.Radians), Math.Cos(Station.Longitude.Radians), 0);
        var north = new Vector3D(
            -Math.Sin(Station.Latitude.Radians) * Math.Cos(Station.Longitude.Radians),
            -Math.Sin(Station.Latitude.Radians) * Math.Sin(Station.Longitude.Radians),
            Math.Cos(Station.Latitude.Radians));
        var bearing = bearingDeg * Math.PI / 180;
        var direction = (north * Math.Cos(bearing)) + (east * Math.Sin(bearing));
        var target = observer.PositionKm + (direction * 1000) + (observer.Up * 100);

        var look = observer.Observe(new EarthFixedState(target, direction * 3));

        Assert.Equal(expectedAzimuthDeg, look.Azimuth.Degrees, 9);
        Assert.Equal(Math.Atan2(100, 1000) * 180 / Math.PI, look.Elevation.Degrees, 9);
        Assert.True(look.RangeRateKmPerSecond > 0, "moving away along the line of sight is a positive range rate");
    }

    [Fact]
    public void The_sub_satellite_point_of_a_satellite_overhead_is_the_station()
    {
        var satellite = new GeodeticPosition(Station.Latitude, Station.Longitude, 700_000).ToEarthFixed();

        var nadir = SubSatellitePoint.Of(new EarthFixedState(satellite, Vector3D.Zero));

        Assert.Equal(Station.Latitude.Degrees, nadir.Latitude.Degrees, 9);
        Assert.Equal(Station.Longitude.Degrees, nadir.Longitude.Degrees, 9);
        Assert.Equal(700_000, nadir.AltitudeMeters, 3);
    }
}
