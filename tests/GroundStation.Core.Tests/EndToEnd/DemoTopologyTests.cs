using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using GroundStation.Core.Contacts;
using GroundStation.Host.Demo;
using GroundStation.Telemetry.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

using static GroundStation.Core.Tests.EndToEnd.EndToEndHelpers;

namespace GroundStation.Core.Tests.EndToEnd;

/// <summary>
/// Acceptance 1: the demo topology (core, IAM, embedded broker, three gs-edge agents with gs-sim rotator, radio and
/// KISS TNC, simulated satellites) at high simulated speed.
/// </summary>
public sealed class DemoTopologyTests(ITestOutputHelper output)
{
    private const double Speed = 300;

    [Fact]
    public async Task PassesCompleteFramesArriveOnceACriticalCommandIsApprovedUplinkedAndVerifiedAndAViewerIsRefused()
    {
        var directory = Directory.CreateTempSubdirectory("gs-e2e-").FullName;
        try
        {
            await using var network = await StartDemoAsync(directory, Speed, 8);
            using var http = new HttpClient { BaseAddress = network.Core.HttpUri, Timeout = TimeSpan.FromSeconds(30) };
            var contacts = network.Core.Services.GetRequiredService<ContactService>();

            // Live frames as the console sees them, for the TNC -> live stream latency.
            using var stopLive = new CancellationTokenSource();
            var latencies = new ConcurrentBag<double>();
            var live = DemoCatalog.Satellites(network.Clock.GetUtcNow(), 8).Select(s => s.Id.Value)
                .Select(norad => FollowLiveAsync(http, network, norad, latencies, stopLive.Token)).ToList();

            // A viewer may not command: 403, and IAM audits the refusal.
            var scheduled = await EventuallyAsync(() => contacts.Query(new ContactQuery(State: ContactState.Scheduled, Limit: 1000))
                .FirstOrDefault(c => c.Aos > network.Clock.GetUtcNow() + TimeSpan.FromMinutes(8)), TimeSpan.FromSeconds(60), "a contact scheduled 8 min ahead");
            using (var refused = await SendAsync(http, HttpMethod.Post, "api/v1/commands", network.Keys.Viewer, $$"""{"norad":{{scheduled.Norad}},"command":"ping"}"""))
            {
                Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            }

            // A critical command: operator A sends it, it waits for approval, operator B approves it.
            var sent = await JsonAsync(http, HttpMethod.Post, "api/v1/commands", network.Keys.OperatorA,
                $$"""{"norad":{{scheduled.Norad}},"command":"set-mode","argumentHex":"02"}""");
            var commandId = sent.GetProperty("commandId").GetString()!;
            Assert.Equal("AwaitingApproval", sent.GetProperty("stage").GetString());
            using (var own = await SendAsync(http, HttpMethod.Post, $"api/v1/commands/{commandId}/approve", network.Keys.OperatorA, "{}"))
            {
                Assert.Equal(HttpStatusCode.Conflict, own.StatusCode);
            }

            var approved = await JsonAsync(http, HttpMethod.Post, $"api/v1/commands/{commandId}/approve", network.Keys.OperatorB, "{}");
            Assert.Equal("Queued", approved.GetProperty("stage").GetString());

            // Uplinked in the next pass and verified by the satellite's housekeeping.
            var verified = await EventuallyAsync(async () =>
            {
                var command = await JsonAsync(http, HttpMethod.Get, $"api/v1/commands/{commandId}", network.Keys.Viewer, null);
                var stage = command.GetProperty("stage").GetString();
                Assert.True(stage is not ("Failed" or "Cancelled" or "Expired"), $"command ended {stage}: {command}");
                return stage == "Verified" ? command : (JsonElement?)null;
            }, TimeSpan.FromMinutes(3), "the command verified");
            Assert.Equal("bob", verified.GetProperty("approvedBy").GetString());
            Assert.Equal("alice", verified.GetProperty("sentBy").GetString());
            var commandPass = verified.GetProperty("passId").GetString()!;
            Assert.StartsWith($"{verified.GetProperty("station").GetString()}.{scheduled.Norad}.", commandPass, StringComparison.Ordinal);

            // At least 20 passes complete, over all three stations.
            var completed = await EventuallyAsync(() =>
            {
                var done = contacts.Query(new ContactQuery(State: ContactState.Completed, Limit: 1000));
                return done.Count >= 20 && done.Select(c => c.Station).Distinct().Count() == 3 ? done : null;
            }, TimeSpan.FromMinutes(4), "20 completed passes over 3 stations");
            var failed = contacts.Query(new ContactQuery(State: ContactState.Failed, Limit: 1000));
            output.WriteLine($"{completed.Count} completed, {failed.Count} failed: {string.Join("; ", failed.Select(f => $"{f.PassId} {f.Cause}"))}");

            // Every frame a satellite transmitted intact to a station while that station
            // tracked it in a completed pass is in the store, under that pass, once (EmissionAudit says precisely what
            // is expected). The last passes' frames may still be on their way from the edge's spool: wait for them.
            var store = network.Core.Services.GetRequiredService<TelemetryStore>();
            var tracked = completed.Select(c => contacts.Find(c.PassId)!).ToList(); // with their transitions
            var audit = await EventuallyAsync(() =>
            {
                var result = EmissionAudit.Of(network.Emissions.Snapshot(), tracked, store.Frames(null, null, null, int.MaxValue));
                return result.Missing.Count == 0 ? result : null;
            }, TimeSpan.FromSeconds(60), "every expected frame in the store", () => EmissionAudit.Of(network.Emissions.Snapshot(), tracked, store.Frames(null, null, null, int.MaxValue)).Describe());
            output.WriteLine($"emission audit: {audit}");
            Assert.Equal(0, network.Emissions.Evicted);
            Assert.Equal(0, audit.LostOnTheLink + audit.CorruptedOnTheLink); // the demo's links are clean: nothing is excused
            Assert.Empty(audit.TunedAway.Select(e => $"{e.Satellite} to {e.Station} at {e.SentAt:O}"));
            Assert.Empty(audit.StoredTwice);
            Assert.Empty(audit.Unexplained);
            Assert.Empty(audit.Misattributed.Select(m => $"{m.Frame.FrameId} (pass {m.Frame.PassId}, NORAD {m.Frame.Norad}) was sent by {m.Emission.Satellite} at {m.Emission.SentAt:O}"));

            // The API view of the same: the edge numbers them 1..n per pass as it
            // receives them from the TNC, so the stored ids of a pass must be exactly 1..n (checked through the API).
            long frames = 0;
            foreach (var contact in completed)
            {
                var stored = await JsonAsync(http, HttpMethod.Get, $"api/v1/frames?norad={contact.Norad}&passId={contact.PassId.Value}&limit=1000", network.Keys.Viewer, null);
                var sequences = stored.EnumerateArray().Select(f => long.Parse(f.GetProperty("frameId").GetString()!.Split('/')[^1], CultureInfo.InvariantCulture)).Order().ToList();
                Assert.True(sequences.Count > 0 || !audit.ExpectedIn(contact), $"no frames stored for completed pass {contact.PassId}");
                Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
                frames += sequences.Count;
            }

            // Nothing else is stored under those passes: the stations hear only the satellite their radio is tuned to.
            Assert.Equal(audit.Expected, frames);

            var delivered = network.Tncs.Sum(t => t.Counters.FramesDelivered);
            output.WriteLine($"{frames} frames stored for completed passes; the TNCs delivered {delivered} frames in all");
            Assert.True(frames <= delivered, $"{frames} stored but only {delivered} delivered by the TNCs");

            // The viewer's refusal is in the audit chain.
            var auditTrail = await JsonAsync(http, HttpMethod.Get, $"v1/audit?from={Uri.EscapeDataString(DateTimeOffset.UnixEpoch.ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"))}&limit=1000",
                network.Keys.Admin, null);
            Assert.Contains(auditTrail.EnumerateArray(), entry => entry.GetProperty("principal").GetString() == "vera" &&
                entry.GetProperty("action").GetString() == "command:send" && !entry.GetProperty("allowed").GetBoolean());

            await stopLive.CancelAsync();
            await Task.WhenAll(live);
            var sorted = latencies.Order().ToList();
            Assert.True(sorted.Count > 10, $"only {sorted.Count} live frames seen");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"frame latency edge receipt -> live SSE (wall ms, {sorted.Count} frames at {Speed}x): p50 {sorted[sorted.Count / 2]:0.0}, p99 {sorted[(int)(sorted.Count * 0.99)]:0.0}, max {sorted[^1]:0.0}"));
            Assert.Empty(network.AgentFailures);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    // Reads the live telemetry stream; each frame's delay is measured on the shared simulated clock from the edge's
    // receipt stamp, and scaled back to wall-clock time.
    private static async Task FollowLiveAsync(HttpClient http, DemoNetwork network, int norad, ConcurrentBag<double> latencies, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/telemetry/live?norad={norad}&access_token={network.Keys.Viewer}");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            string? eventName = null;
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    eventName = line[6..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal) && eventName == "frame")
                {
                    var now = network.Clock.GetUtcNow();
                    using var frame = JsonDocument.Parse(line[5..]);
                    var receivedAt = frame.RootElement.GetProperty("receivedAt").GetDateTimeOffset();
                    latencies.Add((now - receivedAt).TotalMilliseconds / Speed);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The test is done with the stream.
        }
    }
}
