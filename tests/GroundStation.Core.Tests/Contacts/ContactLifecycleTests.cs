using System.Collections.Concurrent;
using GroundStation.Core.Contacts;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Testing.Actors;
using Microsoft.Data.Sqlite;

namespace GroundStation.Core.Tests.Contacts;

public sealed class ContactLifecycleTests : IAsyncLifetime
{
    private static readonly StationId Station = StationId.Parse("gs-eu");
    private readonly string _directory = Directory.CreateTempSubdirectory("gs-contacts-").FullName;
    private readonly ActorTestKit _kit = new();
    private readonly RecordingListener _listener = new();
    private ContactStore _store = null!;
    private ContactService _service = null!;

    public Task InitializeAsync()
    {
        _store = ContactStore.Open(Path.Combine(_directory, "contacts.db"));
        _service = new ContactService(_kit.System, _store, _listener, new ContactOptions { ReportGrace = TimeSpan.FromMinutes(2) });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _kit.DisposeAsync();
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task EdgeEventsDriveAContactToCompletedAndEveryTransitionIsStored()
    {
        var plan = Plan(TimeSpan.FromMinutes(10));
        await ScheduleAsync(plan);
        await ReportAsync(plan, PassState.PrePass);
        await ReportAsync(plan, PassState.Tracking);
        await ReportAsync(plan, PassState.PrePass); // late duplicate: never moves backwards
        await ReportAsync(plan, PassState.PostPass);
        await ReportAsync(plan, PassState.Completed);
        await ReportAsync(plan, PassState.Failed); // after a terminal state nothing changes

        var contact = _service.Find(plan.PassId)!;
        Assert.Equal(ContactState.Completed, contact.State);
        Assert.Equal(
            [ContactState.Scheduled, ContactState.PrePass, ContactState.Pass, ContactState.PostPass, ContactState.Completed],
            contact.Transitions.Select(t => t.To));
        Assert.Equal("edge reported: Completed", contact.Cause);
        Assert.Equal(5, _listener.Transitions.Count(t => t.PassId == plan.PassId));
    }

    [Fact]
    public async Task AContactNobodyReportsOnFailsAtLosPlusGrace()
    {
        var plan = Plan(TimeSpan.FromMinutes(10));
        await ScheduleAsync(plan);
        await _kit.AdvanceAsync(plan.Los + TimeSpan.FromMinutes(2) - _kit.Clock.GetUtcNow() - TimeSpan.FromSeconds(1));
        Assert.Equal(ContactState.Scheduled, _service.Find(plan.PassId)!.State);

        await _kit.AdvanceAsync(TimeSpan.FromSeconds(1));
        var contact = _service.Find(plan.PassId)!;
        Assert.Equal(ContactState.Failed, contact.State);
        Assert.Equal(ContactActor.NoReportCause, contact.Cause);
    }

    [Fact]
    public async Task AStartedContactNeverFinishedFailsAfterTeardownPlusGrace()
    {
        var plan = Plan(TimeSpan.FromMinutes(10));
        await ScheduleAsync(plan);
        await _kit.AdvanceAsync(plan.Aos - _kit.Clock.GetUtcNow());
        await ReportAsync(plan, PassState.Tracking);
        await _kit.AdvanceAsync(plan.Los + TimeSpan.FromMinutes(2) - _kit.Clock.GetUtcNow());
        Assert.Equal(ContactState.Pass, _service.Find(plan.PassId)!.State);

        await _kit.AdvanceAsync(plan.TeardownEnd + TimeSpan.FromMinutes(2) - _kit.Clock.GetUtcNow());
        Assert.Equal(ContactActor.NoCompletionCause, _service.Find(plan.PassId)!.Cause);
    }

    [Fact]
    public async Task ARemovedContactIsCancelledWithTheSchedulersReasonAndAnEdgeFailureKeepsItsReason()
    {
        var removed = Plan(TimeSpan.FromMinutes(10));
        var failed = Plan(TimeSpan.FromMinutes(40));
        await ScheduleAsync(removed, failed);
        await _service.ApplyAsync(new ApplySchedule([], [removed.PassId], "re-planned: TLE update"), CancellationToken.None);
        await ReportAsync(failed, PassState.Tracking);
        await _service.OnPassEventAsync(new PassEvent(1, Station, failed.PassId.Value, PassState.Failed, _kit.Clock.GetUtcNow(), "rotator stalled"), CancellationToken.None);
        await _kit.WaitForIdleAsync();

        Assert.Equal((ContactState.Cancelled, "re-planned: TLE update"), State(removed));
        Assert.Equal((ContactState.Failed, "edge reported: rotator stalled"), State(failed));
    }

    [Fact]
    public async Task AStationGoingOfflineFailsItsActiveContactOnly()
    {
        var active = Plan(TimeSpan.FromMinutes(1));
        var later = Plan(TimeSpan.FromMinutes(90));
        await ScheduleAsync(active, later);
        await ReportAsync(active, PassState.Tracking);
        _service.StationOffline(Station, _kit.Clock.GetUtcNow());
        await _kit.WaitForIdleAsync();

        Assert.Equal((ContactState.Failed, ContactActor.StationOfflineCause), State(active));
        Assert.Equal(ContactState.Scheduled, State(later).State);
    }

    [Fact]
    public async Task AnOperatorCancelsAScheduledContactButNotAFinishedOne()
    {
        var plan = Plan(TimeSpan.FromMinutes(10));
        await ScheduleAsync(plan);
        var outcome = await _service.CancelAsync(plan.PassId, "alice", "antenna maintenance", CancellationToken.None);
        Assert.Null(outcome.Conflict);
        Assert.Equal("cancelled by alice: antenna maintenance", outcome.Contact!.Cause);
        await _kit.WaitForIdleAsync();

        var again = await _service.CancelAsync(plan.PassId, "bob", "again", CancellationToken.None);
        Assert.Equal("contact is already Cancelled", again.Conflict);
        var unknown = await _service.CancelAsync(PassId.Parse("gs-eu.1.20300101T0000Z"), "bob", "x", CancellationToken.None);
        Assert.Null(unknown.Contact);
    }

    [Fact]
    public async Task ACancelledContactScheduledAgainResumes()
    {
        var plan = Plan(TimeSpan.FromMinutes(10));
        await ScheduleAsync(plan);
        await _service.ApplyAsync(new ApplySchedule([], [plan.PassId], "station offline"), CancellationToken.None);
        await _kit.WaitForIdleAsync();
        await _service.ApplyAsync(new ApplySchedule([plan], [], "station back"), CancellationToken.None);
        await _kit.WaitForIdleAsync();

        var contact = _service.Find(plan.PassId)!;
        Assert.Equal((ContactState.Scheduled, "station back"), (contact.State, contact.Cause));
        Assert.Equal([ContactState.Scheduled, ContactState.Cancelled, ContactState.Scheduled], contact.Transitions.Select(t => t.To));
    }

    [Fact]
    public async Task ARestartedCoreRecoversOpenContactsWithTheirHistoryAndTimers()
    {
        var plan = Plan(TimeSpan.FromMinutes(10));
        var gone = Plan(TimeSpan.FromMinutes(30));
        await ScheduleAsync(plan, gone);
        await ReportAsync(plan, PassState.PrePass);

        // A second core on the same store (the first one's actors are stopped first, as after a crash).
        await _kit.System.TerminateAsync();
        await using var restarted = new ActorTestKit();
        restarted.Clock.SetUtcNow(_kit.Clock.GetUtcNow());
        var service = new ContactService(restarted.System, _store, _listener, new ContactOptions { ReportGrace = TimeSpan.FromMinutes(2) });
        await restarted.WaitForIdleAsync();
        await service.ReconcileAsync(new ReconcileSchedule([plan], restarted.Clock.GetUtcNow(), restarted.Clock.GetUtcNow() + TimeSpan.FromDays(1)), CancellationToken.None);
        await service.OnPassEventAsync(new PassEvent(1, Station, plan.PassId.Value, PassState.Tracking, restarted.Clock.GetUtcNow(), null), CancellationToken.None);
        await restarted.WaitForIdleAsync();

        Assert.Equal([ContactState.Scheduled, ContactState.PrePass, ContactState.Pass], service.Find(plan.PassId)!.Transitions.Select(t => t.To));
        Assert.Equal((ContactState.Cancelled, "no longer in the schedule after a core restart"), (service.Find(gone.PassId)!.State, service.Find(gone.PassId)!.Cause));

        await restarted.AdvanceAsync(plan.TeardownEnd + TimeSpan.FromMinutes(2) - restarted.Clock.GetUtcNow());
        Assert.Equal(ContactActor.NoCompletionCause, service.Find(plan.PassId)!.Cause);
    }

    private (ContactState State, string Cause) State(ContactPlan plan)
    {
        var contact = _service.Find(plan.PassId)!;
        return (contact.State, contact.Cause);
    }

    private ContactPlan Plan(TimeSpan aosIn)
    {
        var aos = _kit.Clock.GetUtcNow() + aosIn;
        var passId = PassId.Parse($"{Station.Value}.25544.{aos:yyyyMMddTHHmm}Z");
        return new ContactPlan(passId, Station, new NoradId(25544), "ISS", aos, aos + TimeSpan.FromMinutes(5), aos + TimeSpan.FromMinutes(10),
            60, aos - TimeSpan.FromMinutes(2), aos + TimeSpan.FromMinutes(11));
    }

    private async Task ScheduleAsync(params ContactPlan[] plans)
    {
        await _service.ApplyAsync(new ApplySchedule(plans, [], "scheduled"), CancellationToken.None);
        await _kit.WaitForIdleAsync();
    }

    private async Task ReportAsync(ContactPlan plan, PassState state)
    {
        await _service.OnPassEventAsync(new PassEvent(1, Station, plan.PassId.Value, state, _kit.Clock.GetUtcNow(), null), CancellationToken.None);
        await _kit.WaitForIdleAsync();
    }

    private sealed class RecordingListener : IContactListener
    {
        public ConcurrentQueue<(PassId PassId, ContactTransition Transition)> Queue { get; } = new();

        public IReadOnlyList<(PassId PassId, ContactTransition Transition)> Transitions => [.. Queue];

        public void OnTransition(Contact contact, ContactTransition transition) => Queue.Enqueue((contact.PassId, transition));
    }
}
