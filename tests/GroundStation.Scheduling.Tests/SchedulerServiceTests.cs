using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Registry;

namespace GroundStation.Scheduling.Tests;

/// <summary>The scheduler service on real orbits, a real SQLite store and a manual clock.</summary>
public class SchedulerServiceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Two satellites 1.5 deg apart on one orbit, a station under their track and one 9 deg of longitude east.</summary>
    internal static (NoradId High, NoradId Low) TwoSatellitesOneTrack(TestWorld world)
    {
        var high = TestOrbits.Leo(41001, raanDeg: 40, meanAnomalyDeg: 10);
        var low = TestOrbits.Leo(41002, raanDeg: 40, meanAnomalyDeg: 8.5);
        var overhead = TestOrbits.SubPoint(high, TestOrbits.Epoch.AddMinutes(60));
        world.Registry.UpsertStation(TestOrbits.Station("gs-1", overhead));
        world.Registry.UpsertStation(TestOrbits.Station("gs-2", overhead.Latitude.Degrees, overhead.Longitude.Degrees + 9));
        world.Registry.UpsertSatellite(TestOrbits.Satellite(41001, priority: 5));
        world.Registry.UpsertSatellite(TestOrbits.Satellite(41002, priority: 3));
        world.Registry.IngestElements(high.Id, TestOrbits.Tle(high));
        world.Registry.IngestElements(low.Id, TestOrbits.Tle(low));
        return (high.Id, low.Id);
    }

    [Fact]
    public async Task Two_satellites_in_view_of_one_station_the_higher_priority_gets_it_and_the_other_its_next_best_station()
    {
        using var world = new TestWorld();
        var (high, low) = TwoSatellitesOneTrack(world);

        await world.Scheduler.ReplanAsync("test", CancellationToken.None).WaitAsync(Timeout);

        var around = TestOrbits.Epoch.AddMinutes(60);
        var highContact = Assert.Single(world.Scheduler.Scheduled(around.AddMinutes(-10), around.AddMinutes(10), norad: high));
        Assert.Equal("gs-1", highContact.Station.Value);
        Assert.True(highContact.MaxElevationDeg > 80, $"max elevation {highContact.MaxElevationDeg}");
        var lowContact = Assert.Single(world.Scheduler.Scheduled(around.AddMinutes(-10), around.AddMinutes(10), norad: low));
        Assert.Equal("gs-2", lowContact.Station.Value);
        var decisions = world.Scheduler.Decisions(around.AddMinutes(-10), around.AddMinutes(10), StationId.Parse("gs-1"), low, includeRejected: true);
        var rejected = Assert.Single(decisions);
        Assert.Equal(PassDecisionStatus.Rejected, rejected.Status);
        Assert.Equal("conflict with 41001 (priority 5 > 3) at gs-1", rejected.Reason);
    }

    [Fact]
    public async Task Each_station_gets_a_signed_plan_with_the_element_set_and_radio_settings()
    {
        using var world = new TestWorld();
        var (high, _) = TwoSatellitesOneTrack(world);

        await world.Scheduler.ReplanAsync("test", CancellationToken.None).WaitAsync(Timeout);

        using var stationTrust = CoreSigningKey.FromPublicPem(world.SigningKey.ExportPublicPem(), "test");
        var (station, envelope) = Assert.Single(world.Publisher.Published, p => p.Station.Value == "gs-1");
        var plan = envelope.Open<PassPlan>(stationTrust.Resolve);
        Assert.Equal(station, plan.Station);
        Assert.Equal(1, plan.PlanVersion);
        var contacts = world.Scheduler.Scheduled(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, station);
        Assert.Equal(contacts.Select(c => c.PassId.Value), plan.Passes.Select(p => p.PassId));
        var first = plan.Passes.First(p => p.NoradId == high.Value);
        var latest = world.Registry.FindSatellite(high)!.Latest!;
        Assert.Equal((latest.Line1, latest.Line2), (first.TleLine1, first.TleLine2));
        Assert.Equal((437_500_000L, (long?)145_900_000L, "FM"), (first.DownlinkHz, first.UplinkHz, first.Mode));

        // Re-planning with nothing changed publishes nothing; a change publishes a higher plan version.
        await world.Scheduler.ReplanAsync("again", CancellationToken.None).WaitAsync(Timeout);
        Assert.Single(world.Publisher.Published, p => p.Station.Value == "gs-1");
        world.Registry.AddUnavailability(station, TestOrbits.Epoch, TestOrbits.Epoch.AddHours(12), "maintenance");
        await world.Scheduler.ReplanAsync("unavailable", CancellationToken.None).WaitAsync(Timeout);
        var second = world.Publisher.Published.Last(p => p.Station.Value == "gs-1").Plan.Open<PassPlan>(stationTrust.Resolve);
        Assert.Equal(2, second.PlanVersion);
        Assert.Empty(second.Passes);
    }

    [Fact]
    public async Task Disposing_twice_is_harmless_as_each_di_registration_disposes_it()
    {
        var world = new TestWorld();
        await world.Scheduler.StartAsync(CancellationToken.None);
        await world.Scheduler.StopAsync(CancellationToken.None);
        world.Scheduler.Dispose();
        world.Dispose();
    }
}
