using GroundStation.Core.Contacts;
using GroundStation.Scheduling;
using GroundStation.Simulators.Satellite;
using GroundStation.Telemetry.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static GroundStation.Core.Tests.EndToEnd.EndToEndHelpers;

namespace GroundStation.Core.Tests.EndToEnd;

/// <summary>
/// Acceptance 3, the restart with running stations: the demo topology at 60x, the core (and its embedded broker)
/// stopped while an edge agent is in the middle of a pass and started again on the same data directory and ports. The
/// agents keep tracking, spool what they hear and reconnect.
/// </summary>
public sealed class CoreRestartMidPassTests(ITestOutputHelper output)
{
    // Slow enough that a pass outlasts the core's stop and start (seconds of wall time), fast enough that the command's
    // next contact comes within a minute or two.
    private const double Speed = 60;

    [Fact]
    public async Task ACoreRestartedMidPassRecoversTheScheduleTheContactTheSpooledFramesAndTheQueuedCommand()
    {
        var directory = Directory.CreateTempSubdirectory("gs-e2e-restart-").FullName;
        try
        {
            await using var network = await StartDemoAsync(directory, Speed, 4);
            using var http = new HttpClient { BaseAddress = network.Core.HttpUri, Timeout = TimeSpan.FromSeconds(30) };
            ContactService Contacts() => network.Core.Services.GetRequiredService<ContactService>();

            // A command for the satellite whose next contact is furthest away: it waits in the queue across the restart.
            var upcoming = await EventuallyAsync(() => Contacts().Query(new ContactQuery(State: ContactState.Scheduled, Limit: 1000)) is { Count: > 10 } found ? found : null,
                TimeSpan.FromSeconds(60), "the first plan");
            var commanded = upcoming.GroupBy(c => c.Norad).MaxBy(g => g.Min(c => c.Aos))!.Key;
            var sent = await JsonAsync(http, HttpMethod.Post, "api/v1/commands", network.Keys.OperatorA, $$"""{"norad":{{commanded}},"command":"ping"}""");
            var commandId = sent.GetProperty("commandId").GetString()!;
            Assert.Equal("Queued", sent.GetProperty("stage").GetString());

            // A station in the middle of a pass with minutes to go.
            var tracked = await EventuallyAsync(() => Contacts().Query(new ContactQuery(State: ContactState.Pass, Limit: 100))
                .FirstOrDefault(c => c.Los - network.Clock.GetUtcNow() > TimeSpan.FromMinutes(6)), TimeSpan.FromMinutes(3), "a contact in Pass with 6 min to go");
            var farAhead = Contacts().Query(new ContactQuery(State: ContactState.Scheduled, Limit: 1000))
                .Where(c => c.Aos > network.Clock.GetUtcNow() + TimeSpan.FromHours(1)).Select(c => c.PassId).ToList();
            Assert.NotEmpty(farAhead);

            var stopping = network.Clock.GetUtcNow();
            await network.StopCoreAsync();
            // The station goes on hearing its satellite while nothing listens to it: wait for a few of those frames.
            var callsign = SimulatedSpaceSegment.DefaultCallsign(new Orbits.NoradId(tracked.Norad));
            await EventuallyAsync(() => network.Emissions.Snapshot().Count(e => e.Station == tracked.Station.Value && e.Satellite == callsign &&
                e.SentAt > stopping && e.Outcome == EmissionOutcome.Delivered) >= 3 ? "heard" : null, TimeSpan.FromSeconds(60), "three frames heard while the core is down");
            await network.StartCoreAsync(CancellationToken.None);
            var started = network.Clock.GetUtcNow();
            output.WriteLine($"core down from {stopping:HH:mm:ss} to {started:HH:mm:ss} (simulated) during {tracked.PassId} ({tracked.Aos:HH:mm:ss}-{tracked.Los:HH:mm:ss})");

            // The schedule and the contacts are back from storage.
            var schedule = network.Core.Services.GetRequiredService<IContactSchedule>();
            Assert.All(farAhead, passId =>
            {
                Assert.Equal(ContactState.Scheduled, Contacts().Find(passId)?.State);
                Assert.NotNull(schedule.Find(passId));
            });
            Assert.NotEqual(ContactState.Scheduled, Contacts().Find(tracked.PassId)!.State);

            // The contact that was in Pass ends, completed once the agent's reports arrive, or with the recorded reason.
            var ended = await EventuallyAsync(() => Contacts().Find(tracked.PassId) is { } c && c.State.IsTerminal() ? c : null,
                TimeSpan.FromMinutes(2), $"{tracked.PassId} to end");
            output.WriteLine($"{ended.PassId}: {ended.State} ({ended.Cause}); {string.Join(" -> ", ended.Transitions.Select(t => $"{t.To} at {t.At:HH:mm:ss} ({t.Cause})"))}");
            Assert.True(ended.State == ContactState.Completed || (ended.State == ContactState.Failed && !string.IsNullOrWhiteSpace(ended.Cause)),
                $"{ended.PassId} ended {ended.State} ({ended.Cause})");

            // Every frame of that pass, those spooled while the core was down included, is stored exactly once.
            var store = network.Core.Services.GetRequiredService<TelemetryStore>();
            var audit = await EventuallyAsync(() =>
            {
                var result = EmissionAudit.Of(network.Emissions.Snapshot(), [ended], store.Frames(null, null, null, int.MaxValue));
                return result.Missing.Count == 0 ? result : null;
            }, TimeSpan.FromSeconds(60), $"every frame of {ended.PassId} in the store",
                () => EmissionAudit.Of(network.Emissions.Snapshot(), [ended], store.Frames(null, null, null, int.MaxValue)).Describe());
            var duringOutage = network.Emissions.Snapshot().Count(e => EmissionAudit.Tracked(ended, e) && e.Outcome == EmissionOutcome.Delivered &&
                e.SentAt > stopping && e.SentAt < started);
            output.WriteLine($"emission audit of {ended.PassId}: {audit}; {duringOutage} of them sent while the core was down");
            Assert.True(duringOutage >= 3, $"only {duringOutage} frames of the pass were sent while the core was down");
            Assert.Empty(audit.TunedAway.Select(e => $"{e.Satellite} to {e.Station} at {e.SentAt:O}"));
            Assert.Empty(audit.StoredTwice);
            Assert.Empty(audit.Unexplained);
            Assert.Empty(audit.Misattributed);

            // The queued command survived and is uplinked and verified at a later pass.
            var verified = await EventuallyAsync(async () =>
            {
                var command = await JsonAsync(http, HttpMethod.Get, $"api/v1/commands/{commandId}", network.Keys.Viewer, null);
                var stage = command.GetProperty("stage").GetString();
                Assert.True(stage is not ("Failed" or "Cancelled" or "Expired"), $"command ended {stage}: {command}");
                return stage == "Verified" ? command : (System.Text.Json.JsonElement?)null;
            }, TimeSpan.FromMinutes(4), "the queued command verified");
            var commandPass = verified.GetProperty("passId").GetString()!;
            output.WriteLine($"command {commandId} verified in {commandPass}");
            Assert.Contains($".{commanded}.", commandPass, StringComparison.Ordinal);
            var commandContact = Contacts().Query(new ContactQuery(Norad: commanded, Limit: 1000)).Single(c => c.PassId.Value == commandPass);
            Assert.True(commandContact.Aos > started, $"the command went up in {commandPass}, which began before the core came back at {started:O}");
            Assert.Empty(network.AgentFailures);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
