using System.Net;
using System.Text.Json;
using GroundStation.Telemetry.Api;
using GroundStation.Telemetry.Influx.Http;
using GroundStation.Telemetry.Limits;
using GroundStation.Testing;
using GroundStation.Testing.Iam;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace GroundStation.Telemetry.Tests;

public sealed class TelemetryApiTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private const string Range = "from=2026-12-06T09:00:00Z&to=2026-12-06T11:00:00Z";

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static async Task<WebApplication> StartCoreAsync(IamHost iam, string directory, Action<TelemetryOptions>? configure = null) =>
        await iam.StartCoreAsync(services =>
        {
            services.AddSingleton<TimeProvider>(new ManualTimeProvider(new DateTimeOffset(2026, 12, 6, 10, 5, 0, TimeSpan.Zero)));
            services.AddSingleton<ITelemetryTargetDirectory>(new Targets().Add(25544).Add(40000, tenant: "t2"));
            services.AddTelemetry(o =>
            {
                o.DatabasePath = Path.Combine(directory, "telemetry.db");
                o.SatelliteLimits[25544] = [new LimitDefinition("batteryVoltage", 6.2, 6.8, 8.3, 8.45, Persistence: 1)];
                configure?.Invoke(o);
            });
        }, endpoints => endpoints.MapTelemetryApi());

    [Fact]
    public async Task The_live_stream_delivers_frames_and_samples_over_server_sent_events_and_the_queries_answer_by_tenant()
    {
        await using var iam = await IamHost.StartAsync();
        var directory = Directory.CreateTempSubdirectory("gs-telemetry-api-").FullName;
        await using var core = await StartCoreAsync(iam, directory);
        var ingest = core.Services.GetRequiredService<TelemetryIngest>();
        using var anonymous = IamHost.Http(core, null);
        using var viewer = IamHost.Http(core, iam.Viewer);
        using var alice = IamHost.Http(core, iam.Alice);
        using var olga = IamHost.Http(core, iam.OtherTenant);

        // EventSource cannot set headers: the key comes as access_token.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/telemetry/live?norad=25544&access_token={Uri.EscapeDataString(iam.Viewer)}");
        using var live = await anonymous.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("text/event-stream", live.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await live.Content.ReadAsStreamAsync());
        Assert.Equal(": live", await reader.ReadLineAsync());

        await ingest.IngestAsync(Frames.Housekeeping(1, Frames.Sample(volts: 6.5)), Ct);
        var events = new List<(string Name, JsonElement Data)>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string? name = null;
        while (events.Count < 16)
        {
            var line = await reader.ReadLineAsync(timeout.Token);
            if (line!.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add((name!, JsonDocument.Parse(line[6..]).RootElement));
            }
        }

        var frame = Assert.Single(events, e => e.Name == "frame").Data;
        Assert.Equal("st1/st1.25544.20261206T1000Z/1", frame.GetProperty("frameId").GetString());
        Assert.True(frame.GetProperty("decoded").GetBoolean());
        var voltage = Assert.Single(events, e => e.Name == "sample" && e.Data.GetProperty("parameter").GetString() == "batteryVoltage").Data;
        Assert.Equal(6.5, voltage.GetProperty("value").GetDouble(), 9);
        Assert.Equal("V", voltage.GetProperty("unit").GetString());
        Assert.Equal("Yellow", voltage.GetProperty("limit").GetString());
        var raised = Assert.Single(events, e => e.Name == "alarm").Data;
        Assert.Equal("Raised", raised.GetProperty("kind").GetString());
        Assert.Equal("batteryVoltage", raised.GetProperty("alarm").GetProperty("parameter").GetString());

        // Queries: samples, latest, frames; another tenant sees 404, no key 401.
        var samples = await Json(await viewer.GetAsync($"api/v1/telemetry?norad=25544&parameter=batteryVoltage&{Range}"));
        Assert.Equal(6.5, Assert.Single(samples.EnumerateArray()).GetProperty("value").GetDouble(), 9);
        Assert.Equal(14, (await Json(await viewer.GetAsync("api/v1/telemetry/latest?norad=25544"))).GetArrayLength());
        Assert.Equal(34 + 16, (await Json(await viewer.GetAsync("api/v1/frames?norad=25544"))).EnumerateArray().Single().GetProperty("sizeBytes").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await olga.GetAsync($"api/v1/telemetry?norad=25544&{Range}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"api/v1/telemetry?norad=25544&{Range}")).StatusCode);
        var badNorad = await viewer.GetAsync("api/v1/telemetry?norad=abc");
        Assert.Equal(HttpStatusCode.BadRequest, badNorad.StatusCode);
        Assert.Contains("norad", await badNorad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The yellow voltage raised an alarm: a viewer may read it but not acknowledge it; an operator may.
        var alarm = Assert.Single((await Json(await viewer.GetAsync("api/v1/alarms"))).EnumerateArray());
        Assert.Equal("batteryVoltage", alarm.GetProperty("parameter").GetString());
        Assert.Equal(0, (await Json(await olga.GetAsync("api/v1/alarms"))).GetArrayLength());
        var alarmId = alarm.GetProperty("alarmId").GetInt64();
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"api/v1/alarms/{alarmId}/acknowledge", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await olga.PostAsync($"api/v1/alarms/{alarmId}/acknowledge", null)).StatusCode);
        var acknowledged = await Json(await alice.PostAsync($"api/v1/alarms/{alarmId}/acknowledge", null));
        Assert.Equal("alice", acknowledged.GetProperty("acknowledgedBy").GetString());

        await core.StopAsync();
        await core.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task With_InfluxDB_configured_samples_land_in_a_real_influxd_and_the_api_answers_from_it()
    {
        await using var influxd = await InfluxdServer.StartAsync();
        await using var iam = await IamHost.StartAsync();
        var directory = Directory.CreateTempSubdirectory("gs-telemetry-influx-").FullName;
        await using var core = await StartCoreAsync(iam, directory, o =>
        {
            o.Influx = new InfluxV1Options { BaseAddress = influxd.BaseAddress, Database = "gs_telemetry" };
            // The manual clock never fires the flush timer: a batch of one frame's 14 samples flushes by size.
            o.InfluxSink = o.InfluxSink with { BatchSize = 14 };
        });
        var ingest = core.Services.GetRequiredService<TelemetryIngest>();
        for (var i = 1; i <= 3; i++)
        {
            await ingest.IngestAsync(Frames.Housekeeping(i, Frames.Sample((ushort)i, volts: 7 + i / 10.0,
                at: new DateTimeOffset(2026, 12, 6, 10, 0, i * 10, TimeSpan.Zero))), Ct);
        }

        using var viewer = IamHost.Http(core, iam.Viewer);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        JsonElement samples;
        while (true)
        {
            samples = await Json(await viewer.GetAsync($"api/v1/telemetry?norad=25544&parameter=batteryVoltage&{Range}"));
            if (samples.GetArrayLength() == 3)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"influxd holds {samples.GetArrayLength()} of 3 samples");
            await Task.Delay(50);
        }

        // Newest first, with units and limits, straight from influxd.
        Assert.Equal([7.3, 7.2, 7.1], samples.EnumerateArray().Select(s => Math.Round(s.GetProperty("value").GetDouble(), 6)).ToArray());
        Assert.Equal("V", samples[0].GetProperty("unit").GetString());
        using var http = new HttpClient();
        var direct = await new InfluxV1Client(http, new InfluxV1Options { BaseAddress = influxd.BaseAddress, Database = "gs_telemetry" }).QueryAsync("SELECT count(\"value\") FROM \"telemetry\" WHERE \"satellite\" = '25544'");
        Assert.Equal(3 * 14, direct[0].Series[0].Values[0][1].GetInt64());

        await core.StopAsync();
        await core.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
