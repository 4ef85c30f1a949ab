using System.Net;
using System.Text;
using System.Text.Json;
using GroundStation.Edge.Spool;
using GroundStation.Frames.Ax25;
using GroundStation.Host.Demo;
using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;
using GroundStation.Simulators.Satellite;
using GroundStation.Telemetry.Influx.Http;
using GroundStation.Testing;

namespace GroundStation.Core.Tests.Serve;

/// <summary>
/// Acceptance 4 through the whole core as <c>gs serve</c> runs it: a real influxd, a core with an InfluxDB URL, an edge
/// agent's frames over MQTT, and the telemetry API answering from InfluxDB.
/// </summary>
public sealed class InfluxServeTests
{
    private const string Range = "from=2026-12-06T09:00:00Z&to=2026-12-06T11:00:00Z";
    private static readonly StationId Station = StationId.Parse("gs-svalbard");

    [Fact]
    public async Task Telemetry_published_by_an_edge_agent_lands_in_a_real_influxd_and_the_core_api_answers_from_it()
    {
        await using var influxd = await InfluxdServer.StartAsync();
        await using var core = await CoreInstance.StartAsync(influxUrl: influxd.BaseAddress);
        var satellite = DemoCatalog.Satellites(TimeProvider.System.GetUtcNow(), 1)[0];
        DemoNetwork.Register(core.Server, [satellite]);
        var norad = satellite.Id.Value;
        var edgeKey = await core.CreateKeyAsync("svalbard-agent", "edge-agent", "edge-agent", Station.Value);
        var viewer = await core.CreateKeyAsync("vera", "viewer");

        // The edge agent's own publisher: QoS 1 on gs/v1/stations/gs-svalbard/telemetry, the real message encoding.
        await using (var edge = await core.ConnectEdgeAsync(Station, edgeKey))
        {
            var publisher = new MqttFramePublisher(edge);
            for (var i = 1; i <= 3; i++)
            {
                await publisher.PublishAsync(Frame(norad, i, volts: 7 + (i / 10.0)), CancellationToken.None);
            }
        }

        // The sink flushes once a second: wait until the API answers with all three samples.
        var samples = await Eventually.UntilAsync(async () =>
        {
            using var response = await core.SendAsync(HttpMethod.Get, $"api/v1/telemetry?norad={norad}&parameter=batteryVoltage&{Range}", viewer);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        }, found => found.GetArrayLength() == 3, TimeSpan.FromSeconds(30), "the API answering three battery voltages from influxd");
        Assert.Equal([7.3, 7.2, 7.1], samples.EnumerateArray().Select(s => Math.Round(s.GetProperty("value").GetDouble(), 6)).ToArray());
        Assert.Equal("V", samples[0].GetProperty("unit").GetString());

        // influxd itself holds every decoded parameter of the three frames, tagged with the station and the pass.
        using var http = new HttpClient();
        var direct = new InfluxV1Client(http, new InfluxV1Options { BaseAddress = influxd.BaseAddress, Database = core.Server.Settings.InfluxDatabase });
        var counted = await direct.QueryAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"SELECT count(\"value\") FROM \"telemetry\" WHERE \"satellite\" = '{norad}' AND \"station\" = '{Station.Value}' AND \"parameter\" = 'batteryVoltage'"));
        Assert.Equal(3, counted[0].Series[0].Values[0][1].GetInt64());
        var tags = await direct.QueryAsync("SHOW TAG VALUES FROM \"telemetry\" WITH KEY = \"pass\"");
        Assert.Equal(PassId(norad), tags[0].Series[0].Values[0][1].GetString());
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:8086", "--influx-url 'ftp://127.0.0.1:8086/' must be an http or https URL.")]
    [InlineData("127.0.0.1:8086", "--influx-url '127.0.0.1:8086' is not an absolute URL.")]
    [InlineData("localhost", "--influx-url 'localhost' is not an absolute URL.")]
    public async Task Gs_serve_refuses_a_bad_influx_url_with_exit_code_2_and_the_reason(string url, string expected)
    {
        var data = Directory.CreateTempSubdirectory("gs-serve-influx-").FullName;
        try
        {
            var serve = await ProgramRun.RunDotnetAsync("gs.dll", ["serve", "--data", data, "--http", $"http://127.0.0.1:{FreePort.Next()}",
                "--broker-listen", $"127.0.0.1:{FreePort.Next()}", "--influx-url", url]);

            // Refused before anything starts: exit code 2 and one line naming the option and the value, and nothing else.
            Assert.Equal(string.Empty, serve.StandardOutput);
            var error = Assert.Single(serve.StandardError.Trim().Split('\n'));
            Assert.Equal($"gs serve: {expected}", error);
            Assert.Equal(2, serve.ExitCode);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static string PassId(int norad) => $"{Station.Value}.{norad}.20261206T1000Z";

    // A housekeeping frame as the simulated satellite sends it (its own encoder), in AX.25 as the TNC delivers it.
    private static TelemetryFrame Frame(int norad, int sequence, double volts)
    {
        var sampledAt = new DateTimeOffset(2026, 12, 6, 10, 0, sequence * 10, TimeSpan.Zero);
        var housekeeping = new Housekeeping(HousekeepingKind.Live, (ushort)sequence, sampledAt, 3600, SpacecraftMode.Nominal, 3,
            (ushort)Math.Round(volts * 1000), -250, 215, -42, 600, 10, 2, 0, 0, CommandResult.None);
        var ax25 = Ax25Codec.Encode(new Ax25UiFrame(new Ax25Address("GSTLM"), new Ax25Address("S" + norad), housekeeping.Encode()), Ax25Fcs.Absent);
        return new TelemetryFrame(1, Station, PassId(norad), $"{Station.Value}/{PassId(norad)}/{sequence}", sampledAt.AddSeconds(1), ax25);
    }
}
