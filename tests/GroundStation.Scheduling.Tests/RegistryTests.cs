using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Passes;
using GroundStation.Registry;
using GroundStation.Testing;

namespace GroundStation.Scheduling.Tests;

/// <summary>The SQLite registry: history, newest epoch, persistence, validation and change events.</summary>
public sealed class RegistryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gs-registry-").FullName;
    private readonly ManualTimeProvider _time = new(TestOrbits.Epoch);

    private string DatabasePath => Path.Combine(_directory, "registry.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void The_newest_epoch_wins_whatever_the_order_of_arrival_and_everything_survives_a_reopen()
    {
        var changes = new List<RegistryChanged>();
        var norad = new NoradId(41001);
        using (var registry = new SqliteRegistry(DatabasePath, _time))
        {
            registry.Changed += (_, change) => changes.Add(change);
            registry.UpsertSatellite(TestOrbits.Satellite(41001, priority: 4));
            var newer = registry.IngestElements(norad, TestOrbits.Tle(TestOrbits.Leo(41001, 10, 20, epoch: TestOrbits.Epoch.AddDays(1))));
            var older = registry.IngestElements(norad, TestOrbits.Tle(TestOrbits.Leo(41001, 10, 10)));
            Assert.Equal(older, registry.IngestElements(norad, TestOrbits.Tle(TestOrbits.Leo(41001, 10, 10))));

            Assert.Equal(newer, registry.FindSatellite(norad)!.Latest);
            Assert.Equal([newer, older], registry.ElementHistory(norad));
            // The late, older set changes no prediction, so it raises no change.
            Assert.Equal([RegistryChangeKind.Satellite, RegistryChangeKind.Elements], changes.Select(c => c.Kind));

            var mask = new HorizonMask([new HorizonPoint(new Azimuth(0), new Elevation(5)), new HorizonPoint(new Azimuth(180), new Elevation(20))]);
            Assert.True(registry.UpsertStation(TestOrbits.Station("gs-1", 48, 11) with { Mask = mask, Rotator = new RotatorLimits(-180, 450, 0, 180, 3) }));
            registry.AddUnavailability(StationId.Parse("gs-1"), TestOrbits.Epoch, TestOrbits.Epoch.AddHours(1), "maintenance");
        }

        using var reopened = new SqliteRegistry(DatabasePath, _time);
        var satellite = reopened.FindSatellite(norad)!;
        Assert.Equal((4, "S41001", 437_500_000L), (satellite.Priority, satellite.Callsign, satellite.DownlinkHz));
        Assert.Equal(TestOrbits.Epoch.AddDays(1), satellite.Latest!.Epoch);
        Assert.Equal(2, reopened.ElementHistory(norad).Count);
        var station = reopened.FindStation(StationId.Parse("gs-1"))!;
        Assert.Equal([5.0, 20.0], station.Mask!.Points.Select(p => p.MinimumElevation.Degrees));
        Assert.Equal(new RotatorLimits(-180, 450, 0, 180, 3), station.Rotator);
        Assert.Equal(new FrequencyBand(430_000_000, 440_000_000), Assert.Single(station.Bands));
        Assert.False(reopened.UpsertStation(station));
        Assert.Equal("maintenance", Assert.Single(reopened.Unavailability(TestOrbits.Epoch, TestOrbits.Epoch.AddDays(1))).Reason);
        Assert.Empty(reopened.Unavailability(TestOrbits.Epoch.AddHours(2), TestOrbits.Epoch.AddDays(1)));
    }

    [Fact]
    public void Bad_values_are_refused_naming_the_field()
    {
        using var registry = new SqliteRegistry(DatabasePath, _time);
        var ok = TestOrbits.Satellite(41001, priority: 1);
        Assert.Equal("priority", Assert.Throws<RegistryValidationException>(() => registry.UpsertSatellite(ok with { Priority = -1 })).Field);
        Assert.Equal("downlinkHz", Assert.Throws<RegistryValidationException>(() => registry.UpsertSatellite(ok with { DownlinkHz = 0 })).Field);
        Assert.Equal("name", Assert.Throws<RegistryValidationException>(() => registry.UpsertSatellite(ok with { Name = " " })).Field);
        Assert.Equal("callsign", Assert.Throws<RegistryValidationException>(() => registry.UpsertSatellite(ok with { Callsign = "AB-16" })).Field);
        registry.UpsertSatellite(ok);
        Assert.Equal("tenant", Assert.Throws<RegistryValidationException>(() => registry.UpsertSatellite(ok with { Tenant = "t2" })).Field);
        Assert.Throws<KeyNotFoundException>(() => registry.IngestElements(new NoradId(41002), TestOrbits.Tle(TestOrbits.Leo(41002, 0, 0))));
        Assert.Equal("body", Assert.Throws<RegistryValidationException>(() => registry.IngestElements(ok.Norad, "")).Field);
        var two = TestOrbits.Tle(TestOrbits.Leo(41001, 0, 0)) + TestOrbits.Tle(TestOrbits.Leo(41001, 0, 1, epoch: TestOrbits.Epoch.AddHours(1)));
        Assert.Contains("holds 2 element sets", Assert.Throws<RegistryValidationException>(() => registry.IngestElements(ok.Norad, two)).Message, StringComparison.Ordinal);

        var station = TestOrbits.Station("gs-1", 48, 11);
        Assert.Equal("minimumElevationDeg", Assert.Throws<RegistryValidationException>(() => registry.UpsertStation(station with { MinimumElevationDeg = -1 })).Field);
        Assert.Equal("rotator.slewRateDegPerSecond",
            Assert.Throws<RegistryValidationException>(() => registry.UpsertStation(station with { Rotator = RotatorLimits.Default with { SlewRateDegPerSecond = 0 } })).Field);
        Assert.Equal("bands[0]", Assert.Throws<RegistryValidationException>(() => registry.UpsertStation(station with { Bands = [new FrequencyBand(10, 5)] })).Field);
        Assert.Throws<KeyNotFoundException>(() => registry.AddUnavailability(StationId.Parse("gs-9"), TestOrbits.Epoch, TestOrbits.Epoch.AddHours(1), "x"));
    }

    [Fact]
    public void Rotator_travel_takes_the_shortest_way_its_range_allows()
    {
        var plain = RotatorLimits.Default;
        var overwind = new RotatorLimits(-180, 450, 0, 90, 6);
        Assert.Equal(340, plain.AzimuthTravelDeg(new Azimuth(10), new Azimuth(350)));
        Assert.Equal(20, overwind.AzimuthTravelDeg(new Azimuth(10), new Azimuth(350)));
        Assert.Equal(TimeSpan.FromSeconds(20.0 / 6), overwind.SlewTime(new Azimuth(10), new Azimuth(350)));
    }
}
