using System.Net;
using System.Text;
using System.Text.Json;
using GroundStation.Core.Contacts;
using GroundStation.Core.Tests.Serve;
using GroundStation.Host.Demo;
using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;
using GroundStation.Messaging.Protocol;
using GroundStation.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace GroundStation.Core.Tests.EndToEnd;

/// <summary>Acceptance 3, in part: restart recovery and a station that disconnects.</summary>
public sealed class RestartAndFaultTests
{
    [Fact]
    public async Task ARestartedCoreRecoversScheduleContactsAndCommandQueueAndAStationGoingOfflineLosesItsContactsWithTheReason()
    {
        var directory = Directory.CreateTempSubdirectory("gs-restart-").FullName;
        try
        {
            string commandId;
            List<PassId> before;
            string operatorKey;
            string edgeKey;
            await using (var core = await CoreInstance.StartAsync(directory))
            {
                DemoNetwork.Register(core.Server, DemoCatalog.Satellites(TimeProvider.System.GetUtcNow(), 4));
                await core.Server.Services.GetRequiredService<SchedulerService>().ReplanAsync("test network registered", CancellationToken.None);
                var contacts = core.Server.Services.GetRequiredService<ContactService>();
                before = await EndToEndHelpers.EventuallyAsync(() => contacts.Query(new ContactQuery(Limit: 1000)) is { Count: > 5 } found ? found.Select(c => c.PassId).ToList() : null,
                    TimeSpan.FromSeconds(60), "more than 5 contacts scheduled");
                operatorKey = await core.CreateKeyAsync("alice", "operator");
                edgeKey = await core.CreateKeyAsync("svalbard-agent", "edge-agent", "edge-agent", "gs-svalbard");
                var norad = contacts.Query(new ContactQuery(Limit: 1))[0].Norad;
                using var sent = await core.SendAsync(HttpMethod.Post, "api/v1/commands", operatorKey,
                    new StringContent($$"""{"norad":{{norad}},"command":"ping"}""", Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
                using var body = JsonDocument.Parse(await sent.Content.ReadAsStringAsync());
                commandId = body.RootElement.GetProperty("commandId").GetString()!;
            }

            await using var restarted = await CoreInstance.StartAsync(directory);
            var recovered = restarted.Server.Services.GetRequiredService<ContactService>();
            var schedule = restarted.Server.Services.GetRequiredService<IContactSchedule>();
            foreach (var passId in before)
            {
                Assert.Equal(ContactState.Scheduled, recovered.Find(passId)?.State);
                Assert.NotNull(schedule.Find(passId));
            }

            using (var command = await restarted.SendAsync(HttpMethod.Get, $"api/v1/commands/{commandId}", operatorKey))
            {
                Assert.Equal(HttpStatusCode.OK, command.StatusCode);
                using var body = JsonDocument.Parse(await command.Content.ReadAsStringAsync());
                Assert.Equal("Queued", body.RootElement.GetProperty("stage").GetString());
            }

            // The Svalbard agent's last will: Offline. Its future contacts leave the schedule with the reason.
            var station = StationId.Parse("gs-svalbard");
            await using (var edge = await restarted.ConnectEdgeAsync(station, edgeKey))
            {
                await edge.PublishAcknowledgedAsync(new MqttApplicationMessage(GroundStationTopics.Presence(station),
                    GroundStationMessages.Encode(new StationPresence(1, station, PresenceState.Online, TimeProvider.System.GetUtcNow())), MqttQualityOfService.AtLeastOnce, Retain: true));
                await edge.PublishAcknowledgedAsync(new MqttApplicationMessage(GroundStationTopics.Presence(station),
                    GroundStationMessages.Encode(new StationPresence(1, station, PresenceState.Offline, TimeProvider.System.GetUtcNow())), MqttQualityOfService.AtLeastOnce, Retain: true));
            }

            var lost = before.Where(p => p.Value.StartsWith("gs-svalbard.", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(lost);
            var cancelled = await EndToEndHelpers.EventuallyAsync(() => lost.Select(recovered.Find).All(c => c?.State == ContactState.Cancelled)
                ? lost.Select(p => recovered.Find(p)!).ToList()
                : null, TimeSpan.FromSeconds(60), "the Svalbard contacts cancelled");
            Assert.All(cancelled, c => Assert.Contains("gs-svalbard", c.Cause, StringComparison.Ordinal));
            Assert.All(cancelled, c => Assert.Contains("station offline", c.Cause, StringComparison.Ordinal));
            Assert.Empty(schedule.Scheduled(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, station));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
