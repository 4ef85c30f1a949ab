using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Passes;
using GroundStation.Registry;
using GroundStation.Scheduling.Planning;

namespace GroundStation.Scheduling.Tests;

/// <summary>The resolution rules on hand-made passes, where every time and azimuth is known exactly.</summary>
public class PlannerTests
{
    private static readonly DateTimeOffset Now = TestOrbits.Epoch;
    private static readonly ElementSet AnySet = new(1, new NoradId(1), Now, "1", "2", "tle", Now);

    private static SatelliteRecord Sat(int norad, int priority, long downlinkHz = 437_500_000, int minimumSeconds = 0, string tenant = "t1") =>
        new(new NoradId(norad), $"SAT-{norad}", tenant, priority, downlinkHz, null, "FM", $"S{norad}", minimumSeconds, AnySet with { Norad = new NoradId(norad) });

    private static SatellitePass Pass(double aosMinutes, double losMinutes, double maxElevation = 45, double aosAz = 0, double losAz = 180) =>
        new(Now.AddMinutes(aosMinutes), Now.AddMinutes((aosMinutes + losMinutes) / 2), Now.AddMinutes(losMinutes), new Elevation(maxElevation),
            new Azimuth(aosAz), new Azimuth((aosAz + losAz) / 2 % 360), new Azimuth(losAz), PassClipping.None);

    private static PassPrediction Of(params SatellitePass[] passes) => new(passes, null);

    private static PlanningResult Plan(
        SatelliteRecord[] satellites, StationRecord[] stations, PassPrediction[][] predictions, SchedulingOptions? options = null,
        UnavailabilityWindow[]? unavailable = null, Dictionary<StationId, string>? lost = null) =>
        new PassPlanner(options ?? new SchedulingOptions { DatabasePath = "unused", PrePassMargin = TimeSpan.FromMinutes(2), PostPassMargin = TimeSpan.FromSeconds(30) })
            .Plan(new PlanningInput(Now, Now.AddDays(1), satellites, stations, unavailable ?? [], lost ?? [], []), predictions);

    private static StationRecord Gs(string id, RotatorLimits? rotator = null) => TestOrbits.Station(id, 48, 11, rotator: rotator);

    [Fact]
    public void Higher_priority_wins_the_station_and_the_loser_falls_to_its_next_best_station()
    {
        var satellites = new[] { Sat(100, priority: 5), Sat(200, priority: 3) };
        var stations = new[] { Gs("gs-1"), Gs("gs-2") };
        var predictions = new[]
        {
            new[] { Of(Pass(60, 70, 80)), Of(Pass(61, 69, 30)) },
            new[] { Of(Pass(60.5, 70.5, 85)), Of(Pass(61.5, 69.5, 35)) },
        };

        var result = Plan(satellites, stations, predictions);

        var scheduled = result.Scheduled.Select(p => (p.Contact.Norad.Value, p.Contact.Station.Value)).ToHashSet();
        Assert.Equal(new HashSet<(int, string)> { (100, "gs-1"), (200, "gs-2") }, scheduled);
        var lost = Assert.Single(result.Rejected.ToDecisions(), d => d.Contact.Norad.Value == 200 && d.Contact.Station.Value == "gs-1");
        Assert.Equal("conflict with 100 (priority 5 > 3) at gs-1", lost.Reason);
        var spare = Assert.Single(result.Rejected.ToDecisions(), d => d.Contact.Norad.Value == 100);
        Assert.StartsWith("satellite already in contact at gs-1", spare.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_priority_goes_to_the_higher_pass_with_the_reason_saying_so()
    {
        var result = Plan([Sat(100, 3), Sat(200, 3)], [Gs("gs-1")], [[Of(Pass(60, 70, 40))], [Of(Pass(62, 72, 60))]]);

        Assert.Equal(200, Assert.Single(result.Scheduled).Contact.Norad.Value);
        Assert.Equal("conflict with 200 (same priority, higher elevation 60.0 > 40.0 deg) at gs-1", Assert.Single(result.Rejected.ToDecisions()).Reason);
    }

    [Fact]
    public void Pre_and_post_pass_margins_keep_contacts_apart()
    {
        // Margins 2 min before, 30 s after: a second pass starting 2 min after the first's LOS overlaps by 30 s.
        var close = Plan([Sat(100, 5), Sat(200, 3)], [Gs("gs-1")], [[Of(Pass(60, 70, 40, 0, 0))], [Of(Pass(72, 80, 40, 0, 0))]]);
        var rejected = Assert.Single(close.Rejected.ToDecisions());
        Assert.Equal(200, rejected.Contact.Norad.Value);
        Assert.Equal("conflict with 100 (priority 5 > 3) at gs-1", rejected.Reason);
        Assert.Equal(Now.AddMinutes(70).AddSeconds(30), Assert.Single(close.Scheduled).Contact.TeardownEnd);

        var apart = Plan([Sat(100, 5), Sat(200, 3)], [Gs("gs-1")], [[Of(Pass(60, 70, 40, 0, 0))], [Of(Pass(72.5, 80, 40, 0, 0))]]);
        Assert.Equal(2, apart.Scheduled.Count);
        Assert.Empty(apart.Rejected.ToDecisions());
    }

    [Fact]
    public void The_rotator_needs_time_to_slew_from_one_los_to_the_next_aos()
    {
        // 2.75 min between LOS and AOS leaves 15 s after the margins; 180 deg at 6 deg/s needs 30 s.
        var satellites = new[] { Sat(100, 5), Sat(200, 3) };
        var predictions = new[] { new[] { Of(Pass(60, 70, 40, 0, 90)) }, new[] { Of(Pass(72.75, 80, 40, 270, 0)) } };
        var slow = Plan(satellites, [Gs("gs-1")], predictions);
        var rejected = Assert.Single(slow.Rejected.ToDecisions());
        Assert.Equal("conflict with 100 (priority 5 > 3) at gs-1: the rotator needs 30 s to slew 180 deg at 6 deg/s, the gap is 15 s", rejected.Reason);

        // From LOS at 10 deg to AOS at 270 deg, 30 s apart: a 0-360 rotator must turn 260 deg (43 s), an overwind
        // rotator (-180..450) goes 100 deg through north (17 s).
        var wrapPredictions = new[] { new[] { Of(Pass(60, 70, 40, 0, 10)) }, new[] { Of(Pass(73, 80, 40, 270, 0)) } };
        var plain = Plan(satellites, [Gs("gs-1", new RotatorLimits(0, 360, 0, 90, 6))], wrapPredictions);
        Assert.Contains("needs 43 s to slew 260 deg", Assert.Single(plain.Rejected.ToDecisions()).Reason, StringComparison.Ordinal);
        var overwind = Plan(satellites, [Gs("gs-1", new RotatorLimits(-180, 450, 0, 90, 6))], wrapPredictions);
        Assert.Equal(2, overwind.Scheduled.Count);
    }

    [Fact]
    public void Unavailability_minimum_duration_and_bands_reject_with_their_reasons()
    {
        var stations = new[] { Gs("gs-1") };
        var window = new UnavailabilityWindow(1, stations[0].Id, Now.AddMinutes(100), Now.AddMinutes(200), "maintenance");
        var result = Plan(
            [Sat(100, 5, minimumSeconds: 300), Sat(200, 5), Sat(300, 5, downlinkHz: 2_200_000_000)],
            stations,
            [[Of(Pass(60, 64), Pass(300, 310))], [Of(Pass(150, 160))], [Of(Pass(400, 410))]],
            unavailable: [window]);

        Assert.Equal(["gs-1.100.20240102T0500Z"], result.Scheduled.Select(p => p.Contact.PassId.Value));
        Assert.Equal(
            [
                "below minimum contact duration (240 s < 300 s)",
                "station unavailable: maintenance",
                "no band at gs-1 covers downlink 2200000000 Hz",
            ],
            result.Rejected.ToDecisions().Select(d => d.Reason!));
    }

    [Fact]
    public void A_lost_station_gets_no_contacts_and_its_satellites_move()
    {
        var result = Plan([Sat(100, 5)], [Gs("gs-1"), Gs("gs-2")], [[Of(Pass(60, 70, 80)), Of(Pass(61, 69, 30))]],
            lost: new() { [StationId.Parse("gs-1")] = "no heartbeat for 60 s" });

        Assert.Equal("gs-2", Assert.Single(result.Scheduled).Contact.Station.Value);
        Assert.Equal("station lost: no heartbeat for 60 s", Assert.Single(result.Rejected.ToDecisions()).Reason);
    }

    [Fact]
    public void A_reason_never_names_another_tenants_satellite()
    {
        // 100 (tenant a) takes gs-1 from 200 (tenant b) and from 300 (tenant a), by priority both times.
        var satellites = new[] { Sat(100, 5, tenant: "a"), Sat(200, 3, tenant: "b"), Sat(300, 3, tenant: "a") };
        var predictions = new[]
        {
            new[] { Of(Pass(60, 70, 40, 0, 90)) },
            new[] { Of(Pass(62, 72, 40, 90, 0)) },
            new[] { Of(Pass(64, 74, 40, 90, 0)) },
        };

        var rejected = Plan(satellites, [Gs("gs-1")], predictions).Rejected.ToDecisions();

        Assert.Equal("conflict with another tenant's contact (higher priority) at gs-1",
            Assert.Single(rejected, d => d.Contact.Norad.Value == 200).Reason);
        Assert.Equal("conflict with 100 (priority 5 > 3) at gs-1", Assert.Single(rejected, d => d.Contact.Norad.Value == 300).Reason);

        // The rotator's reason too: 100's LOS at 90 deg, 200's AOS at 270 deg needs 30 s, 15 s are left.
        var slew = Plan([satellites[0], satellites[1]], [Gs("gs-1")], [[Of(Pass(60, 70, 40, 0, 90))], [Of(Pass(72.75, 80, 40, 270, 0))]]);
        var reason = Assert.Single(slew.Rejected.ToDecisions()).Reason!;
        Assert.StartsWith("conflict with another tenant's contact (higher priority) at gs-1: the rotator needs 30 s", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("100", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_plan_does_not_depend_on_the_order_of_its_input()
    {
        var satellites = Enumerable.Range(1, 6).Select(i => Sat(i * 10, priority: i % 3)).ToArray();
        var stations = new[] { Gs("gs-1"), Gs("gs-2") };
        var random = new Random(7);
        var predictions = satellites.Select(_ => stations.Select(_ =>
        {
            var start = random.Next(0, 600);
            return Of(Pass(start, start + random.Next(4, 12), random.Next(10, 40), random.Next(0, 360), random.Next(0, 360)));
        }).ToArray()).ToArray();

        var first = Plan(satellites, stations, predictions);
        var again = Plan(satellites, stations, predictions);
        var reversed = Plan([.. satellites.Reverse()], [.. stations.Reverse()],
            [.. predictions.Reverse().Select(row => row.Reverse().ToArray())]);

        Assert.Equal(first.Scheduled, again.Scheduled);
        Assert.Equal(first.Rejected.ToDecisions(), again.Rejected.ToDecisions());
        Assert.Equal(first.Scheduled.Select(p => p.Contact), reversed.Scheduled.Select(p => p.Contact));
        Assert.Equal(first.Rejected.ToDecisions(), reversed.Rejected.ToDecisions());
    }
}
