using System.Net;
using System.Security.Cryptography;
using System.Text;
using GroundStation.Core.Contacts;
using GroundStation.Core.Tests.Serve;
using GroundStation.Host.Demo;
using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;
using GroundStation.Messaging.Protocol;
using GroundStation.Orbits;
using GroundStation.Orbits.Elements;
using GroundStation.Scheduling;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static GroundStation.Core.Tests.EndToEnd.EndToEndHelpers;

namespace GroundStation.Core.Tests.EndToEnd;

/// <summary>
/// Acceptance 3, the TLE update: new elements posted through the API move one satellite's passes; the core cancels its
/// scheduled contacts with the reason, schedules the new ones, leaves the other satellites' contacts alone, and signs a
/// new plan carrying the new element set to the station (read here as the station reads it: on its plan topic, with
/// its edge key, through the IAM-authenticated broker, signature checked with the core's public key).
/// </summary>
public sealed class TleUpdateReplanTests(ITestOutputHelper output)
{
    private static readonly StationId Station = StationId.Parse("gs-svalbard");

    [Fact]
    public async Task ATleUpdateCancelsTheMovedContactsWithTheReasonSchedulesTheNewOnesAndSignsANewPlanWithTheNewElements()
    {
        var directory = Directory.CreateTempSubdirectory("gs-e2e-tle-").FullName;
        try
        {
            await using var core = await CoreInstance.StartAsync(directory);
            var epoch = TimeProvider.System.GetUtcNow();
            var satellites = DemoCatalog.Satellites(epoch, 4);
            DemoNetwork.Register(core.Server, satellites);
            await core.Server.Services.GetRequiredService<SchedulerService>().ReplanAsync("test network registered", CancellationToken.None);
            var contacts = core.Server.Services.GetRequiredService<ContactService>();
            var edgeKey = await core.CreateKeyAsync("svalbard-agent", "edge-agent", "edge-agent", Station.Value);
            using var trusted = ECDsa.Create();
            trusted.ImportFromPem(core.Server.SigningKey.ExportPublicPem());

            // The station's view: its retained plan topic.
            await using var edge = await core.ConnectEdgeAsync(Station, edgeKey);
            Assert.NotEqual(MqttSubscribeReturnCode.Failure, await edge.SubscribeAsync(TopicFilter.Parse(GroundStationTopics.Plan(Station).Value), MqttQualityOfService.AtLeastOnce));
            var plans = new PlanReader(edge, trusted);
            var first = await plans.NextAsync(p => p.Passes.Count > 0, "the first plan");

            var moved = satellites[0];
            var before = await EventuallyAsync(() => contacts.Query(new ContactQuery(Norad: moved.Id.Value, State: ContactState.Scheduled, Limit: 1000)) is { Count: > 2 } found ? found : null,
                TimeSpan.FromSeconds(60), $"contacts of {moved.Id}");
            var others = satellites.Skip(1).SelectMany(s => contacts.Query(new ContactQuery(Norad: s.Id.Value, State: ContactState.Scheduled, Limit: 1000))).ToList();
            Assert.NotEmpty(others);

            // The same orbit, 40 degrees further along: every pass comes about ten minutes earlier or later.
            var updated = new OrbitalElements(moved.Id, moved.Name, 'U', "26001A", JulianDate.FromDateTime(epoch + TimeSpan.FromMinutes(1)), moved.MeanMotionDot,
                moved.MeanMotionDdot, moved.BStar, 998, moved.InclinationDeg, moved.RaanDeg, moved.Eccentricity, moved.ArgPerigeeDeg,
                (moved.MeanAnomalyDeg + 40) % 360, moved.MeanMotionRevPerDay, moved.RevolutionNumber);
            var (line1, line2) = TleWriter.Format(updated);
            using (var posted = await core.SendAsync(HttpMethod.Post, $"api/v1/satellites/{moved.Id.Value}/elements", core.AdminKey,
                new StringContent($"{moved.Name}\n{line1}\n{line2}\n", Encoding.ASCII, "text/plain")))
            {
                Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            }

            // Its scheduled contacts are cancelled, the reason naming the element update.
            var cancelled = await EventuallyAsync(() => before.Select(c => contacts.Find(c.PassId)!).ToList() is var now && now.All(c => c.State == ContactState.Cancelled) ? now : null,
                TimeSpan.FromSeconds(60), $"the contacts of {moved.Id} cancelled");
            output.WriteLine($"cancelled: {cancelled[0].PassId} ({cancelled[0].Cause})");
            Assert.All(cancelled, c => Assert.Contains($"new element set for {moved.Id.Value}", c.Cause, StringComparison.Ordinal));

            // New contacts at the new times.
            var after = await EventuallyAsync(() => contacts.Query(new ContactQuery(Norad: moved.Id.Value, State: ContactState.Scheduled, Limit: 1000)) is { Count: > 2 } found ? found : null,
                TimeSpan.FromSeconds(60), $"new contacts of {moved.Id}");
            Assert.Empty(after.Select(c => c.PassId).Intersect(before.Select(c => c.PassId)));
            Assert.All(after, c => Assert.DoesNotContain(before, b => b.Station == c.Station && Math.Abs((b.Aos - c.Aos).TotalMinutes) < 2));

            // The other satellites' contacts are untouched, except where one of the moved satellite's old or new passes
            // at the same station now frees or takes its slot (a conflict re-decided is a contact the update affects).
            bool Near(Contact contact) => before.Concat(after).Any(m => m.Station == contact.Station &&
                m.Aos - TimeSpan.FromMinutes(15) < contact.Los && contact.Aos < m.Los + TimeSpan.FromMinutes(15));
            var untouched = others.Where(c => !Near(c)).ToList();
            Assert.NotEmpty(untouched);
            Assert.All(untouched, c =>
            {
                var now = contacts.Find(c.PassId)!;
                Assert.Equal((ContactState.Scheduled, c.Aos, c.Los), (now.State, now.Aos, now.Los));
            });
            output.WriteLine($"{before.Count} contacts of {moved.Id} replaced by {after.Count}; {untouched.Count} of {others.Count} other contacts checked untouched");

            // The station's new signed plan carries the new element set for the new passes.
            var expected = after.Where(c => c.Station == Station).Select(c => c.PassId.Value).ToHashSet(StringComparer.Ordinal);
            Assert.NotEmpty(expected);
            var replanned = await plans.NextAsync(p => p.PlanVersion > first.PlanVersion &&
                expected.IsSubsetOf(p.Passes.Where(x => x.NoradId == moved.Id.Value).Select(x => x.PassId)), "a plan with the new passes");
            Assert.All(replanned.Passes.Where(p => p.NoradId == moved.Id.Value), p => Assert.Equal((line1, line2), (p.TleLine1, p.TleLine2)));
            Assert.DoesNotContain(replanned.Passes, p => before.Any(b => b.PassId.Value == p.PassId));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Reads signed plans from the station's subscription and opens them with the core's key, as the edge does.</summary>
    private sealed class PlanReader(MqttClient client, ECDsa coreKey)
    {
        public async Task<PassPlan> NextAsync(Func<PassPlan, bool> wanted, string what)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                while (true)
                {
                    var message = await client.Messages.ReadAsync(deadline.Token);
                    var plan = GroundStationMessages.Decode<SignedEnvelope>(message.Payload.Span).Open<PassPlan>(_ => coreKey);
                    Assert.Equal(Station, plan.Station);
                    if (wanted(plan))
                    {
                        return plan;
                    }
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"waited 60 s for {what} on {GroundStationTopics.Plan(Station)}");
            }
        }
    }
}
