using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Registry;

namespace GroundStation.Scheduling.Tests;

/// <summary>Re-planning: what a change moves, what it must not, and recovery after a restart.</summary>
public class ReplanningTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static async Task<T> Next<T>(Action<EventHandler<T>> subscribe, Action<EventHandler<T>> unsubscribe, Func<Task> action, Func<T, bool>? match = null)
    {
        var received = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handler(object? sender, T value)
        {
            if (match?.Invoke(value) ?? true)
            {
                received.TrySetResult(value);
            }
        }

        subscribe(Handler);
        try
        {
            await action();
            return await received.Task.WaitAsync(Timeout);
        }
        finally
        {
            unsubscribe(Handler);
        }
    }

    private static void AddNetwork(TestWorld world)
    {
        world.Registry.UpsertStation(TestOrbits.Station("gs-eu", 48.1, 11.6));
        world.Registry.UpsertStation(TestOrbits.Station("gs-us", 37.4, -122.1));
        world.Registry.UpsertStation(TestOrbits.Station("gs-au", -33.9, 151.2));
        for (var i = 0; i < 6; i++)
        {
            var norad = 42000 + i;
            world.Registry.UpsertSatellite(TestOrbits.Satellite(norad, priority: i % 3));
            world.Registry.IngestElements(new NoradId(norad), TestOrbits.Tle(TestOrbits.Leo(norad, raanDeg: i * 60, meanAnomalyDeg: i * 45, inclinationDeg: 60 + (i * 7))));
        }
    }

    [Fact]
    public async Task A_tle_update_re_predicts_one_satellite_and_changes_only_the_contacts_it_touches()
    {
        using var world = new TestWorld();
        AddNetwork(world);
        await world.Scheduler.ReplanAsync("initial", CancellationToken.None);
        var before = world.Scheduler.Scheduled(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

        // The start-up run first, so the update cannot be folded into it.
        await Next<PlanningStatistics>(h => world.Scheduler.Planned += h, h => world.Scheduler.Planned -= h,
            () => world.Scheduler.StartAsync(CancellationToken.None));
        var changedSatellite = new NoradId(42003);

        // The new element set moves the satellite 30 degrees along its orbit: every pass of it shifts by minutes.
        var change = await Next<ScheduleChanged>(h => world.Scheduler.Changed += h, h => world.Scheduler.Changed -= h, () =>
        {
            world.Registry.IngestElements(changedSatellite, TestOrbits.Tle(TestOrbits.Leo(42003, raanDeg: 180, meanAnomalyDeg: 165, inclinationDeg: 81,
                epoch: TestOrbits.Epoch.AddHours(1))));
            return Task.CompletedTask;
        }, c => c.Reason.Contains("new element set for 42003", StringComparison.Ordinal));
        await world.Scheduler.StopAsync(CancellationToken.None);

        Assert.Equal(3, world.Scheduler.LastRun!.PredictedPairs);
        Assert.Contains(change.Added, c => c.Norad == changedSatellite);
        Assert.Contains(change.Removed, c => c.Norad == changedSatellite);
        var after = world.Scheduler.Scheduled(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        var touched = before.Concat(after).Where(c => c.Norad == changedSatellite).ToList();
        foreach (var other in change.Added.Concat(change.Removed).Where(c => c.Norad != changedSatellite))
        {
            // Any other contact that moved must have shared its station's time with one of the changed satellite's contacts.
            Assert.Contains(touched, t => t.Station == other.Station && t.SetupStart < other.TeardownEnd + TimeSpan.FromMinutes(2) && other.SetupStart < t.TeardownEnd + TimeSpan.FromMinutes(2));
        }

        Assert.Equal(before.Where(c => c.Norad != changedSatellite).Count(c => !change.Removed.Contains(c)),
            after.Count(c => c.Norad != changedSatellite && before.Contains(c)));
    }

    [Fact]
    public async Task A_contact_whose_setup_has_begun_is_never_moved()
    {
        using var world = new TestWorld();
        AddNetwork(world);
        await world.Scheduler.ReplanAsync("initial", CancellationToken.None);
        var contact = world.Scheduler.Scheduled(DateTimeOffset.MinValue, DateTimeOffset.MaxValue).First(c => c.Norad.Value == 42001);
        world.Time.SetUtcNow(contact.SetupStart.AddSeconds(10));

        // Moving the satellite and blocking the station would both remove the contact if it were not under way.
        world.Registry.IngestElements(contact.Norad, TestOrbits.Tle(TestOrbits.Leo(42001, raanDeg: 10, meanAnomalyDeg: 200, epoch: TestOrbits.Epoch.AddHours(1))));
        world.Registry.AddUnavailability(contact.Station, contact.SetupStart, contact.TeardownEnd, "maintenance");
        await world.Scheduler.ReplanAsync("changes", CancellationToken.None);

        Assert.Equal(contact, world.Scheduler.Find(contact.PassId));
        Assert.DoesNotContain(world.Scheduler.Decisions(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, null, null, includeRejected: true),
            d => d.Contact.PassId == contact.PassId && d.Status == PassDecisionStatus.Rejected);
    }

    [Fact]
    public async Task A_lost_station_s_contacts_move_to_the_next_best_station_and_come_back_with_it()
    {
        using var world = new TestWorld();
        var (high, _) = SchedulerServiceTests.TwoSatellitesOneTrack(world);
        await world.Scheduler.ReplanAsync("initial", CancellationToken.None);
        var around = TestOrbits.Epoch.AddMinutes(60);
        var gs1 = StationId.Parse("gs-1");
        Assert.Equal(gs1, Assert.Single(world.Scheduler.Scheduled(around.AddMinutes(-10), around.AddMinutes(10), norad: high)).Station);

        var lost = await Next<ScheduleChanged>(h => world.Scheduler.Changed += h, h => world.Scheduler.Changed -= h,
            () => world.Scheduler.StationLostAsync(gs1, world.Time.GetUtcNow(), "no heartbeat for 90 s", CancellationToken.None));

        Assert.Contains(lost.Removed, c => c.Station == gs1 && c.Norad == high);
        Assert.Contains(lost.Added, c => c.Station.Value == "gs-2" && c.Norad == high);
        Assert.Empty(world.Scheduler.Scheduled(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, gs1));
        Assert.All(world.Scheduler.Decisions(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, gs1, null, includeRejected: true),
            d => Assert.Equal("station lost: no heartbeat for 90 s", d.Reason));

        await world.Scheduler.StationBackAsync(gs1, CancellationToken.None);
        Assert.Equal(gs1, Assert.Single(world.Scheduler.Scheduled(around.AddMinutes(-10), around.AddMinutes(10), norad: high)).Station);
    }

    [Fact]
    public async Task The_timer_rolls_the_horizon_forward()
    {
        using var world = new TestWorld(configure: o => o.ReplanInterval = TimeSpan.FromHours(1));
        AddNetwork(world);
        var first = await Next<PlanningStatistics>(h => world.Scheduler.Planned += h, h => world.Scheduler.Planned -= h,
            () => world.Scheduler.StartAsync(CancellationToken.None));
        var oldHorizon = first.PlannedAt + world.Options.Horizon;
        Assert.DoesNotContain(world.Scheduler.Decisions(oldHorizon, DateTimeOffset.MaxValue, null, null, includeRejected: true), d => d.Contact.Aos >= oldHorizon);

        // Every tick plans again at the new time; within a few hours passes beyond the first horizon come in.
        for (var hour = 1; hour <= 4; hour++)
        {
            var rolled = await Next<PlanningStatistics>(h => world.Scheduler.Planned += h, h => world.Scheduler.Planned -= h, () =>
            {
                world.Time.Advance(TimeSpan.FromHours(1));
                return Task.CompletedTask;
            });
            Assert.Equal(first.PlannedAt + TimeSpan.FromHours(hour), rolled.PlannedAt);
        }

        await world.Scheduler.StopAsync(CancellationToken.None);
        Assert.Contains(world.Scheduler.Decisions(oldHorizon, DateTimeOffset.MaxValue, null, null, includeRejected: true), d => d.Contact.Aos >= oldHorizon);
    }

    [Fact]
    public async Task A_restarted_scheduler_recovers_the_schedule_decisions_lost_stations_and_plan_versions()
    {
        var directory = Directory.CreateTempSubdirectory("gs-sched-").FullName;
        try
        {
            IReadOnlyList<PassDecision> decisions;
            long version;
            using (var world = new TestWorld(directory: directory))
            {
                SchedulerServiceTests.TwoSatellitesOneTrack(world);
                await world.Scheduler.ReplanAsync("initial", CancellationToken.None);
                await world.Scheduler.StationLostAsync(StationId.Parse("gs-2"), world.Time.GetUtcNow(), "power cut", CancellationToken.None);
                decisions = world.Scheduler.Decisions(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, null, null, includeRejected: true);
                version = world.Scheduler.Version;
                Assert.Equal(2, world.Publisher.Published.Count(p => p.Station.Value == "gs-2"));
            }

            using var restarted = new TestWorld(directory: directory);
            Assert.Equal(version, restarted.Scheduler.Version);
            Assert.Equal(decisions, restarted.Scheduler.Decisions(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, null, null, includeRejected: true));
            var any = decisions.First(d => d.Status == PassDecisionStatus.Scheduled).Contact;
            Assert.Equal(any, restarted.Scheduler.Find(any.PassId));

            // Same inputs, same time: re-planning changes nothing and publishes nothing; the lost station stays lost.
            await restarted.Scheduler.ReplanAsync("after restart", CancellationToken.None);
            Assert.Equal(version, restarted.Scheduler.Version);
            Assert.Empty(restarted.Publisher.Published);
            Assert.Empty(restarted.Scheduler.Scheduled(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, StationId.Parse("gs-2")));

            // Back again: the plan version continues from the stored one.
            await restarted.Scheduler.StationBackAsync(StationId.Parse("gs-2"), CancellationToken.None);
            using var trust = CoreSigningKey.FromPublicPem(restarted.SigningKey.ExportPublicPem(), "test");
            Assert.Equal(3, restarted.Publisher.Published.Single(p => p.Station.Value == "gs-2").Plan.Open<PassPlan>(trust.Resolve).PlanVersion);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_same_input_twice_gives_the_same_schedule()
    {
        using var a = new TestWorld();
        using var b = new TestWorld();
        AddNetwork(a);
        AddNetwork(b);
        await a.Scheduler.ReplanAsync("a", CancellationToken.None);
        await b.Scheduler.ReplanAsync("b", CancellationToken.None);

        var all = (TestWorld w) => w.Scheduler.Decisions(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, null, null, includeRejected: true);
        Assert.NotEmpty(all(a));
        Assert.Equal(all(a), all(b));
    }
}
