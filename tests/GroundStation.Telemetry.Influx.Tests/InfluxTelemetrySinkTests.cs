using GroundStation.Telemetry.Influx.Http;
using GroundStation.Telemetry.Influx.LineProtocol;
using GroundStation.Telemetry.Influx.Sink;
using GroundStation.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Telemetry.Influx.Tests;

public sealed class InfluxTelemetrySinkTests(InfluxdFixture influxd) : IClassFixture<InfluxdFixture>
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_full_batch_is_flushed_at_once_and_the_rest_when_the_interval_passes()
    {
        var client = await influxd.NewDatabaseAsync();
        var clock = new ManualTimeProvider(Start);
        await using var sink = NewSink(client, clock, new InfluxSinkOptions { BatchSize = 10, FlushInterval = TimeSpan.FromSeconds(5) });

        await WriteSamplesAsync(sink, 0, 25);

        await Eventually.TrueAsync(() => sink.Written == 20, () => "two full batches are written");
        Assert.Equal(20, await CountAsync(client));
        clock.Advance(TimeSpan.FromSeconds(5));
        await Eventually.TrueAsync(() => sink.Written == 25, () => "the partial batch is written when the interval passes");
        Assert.Equal(25, await CountAsync(client));
    }

    [Fact]
    public async Task A_partial_batch_waits_for_the_interval()
    {
        var client = await influxd.NewDatabaseAsync();
        var clock = new ManualTimeProvider(Start);
        await using var sink = NewSink(client, clock, new InfluxSinkOptions { BatchSize = 1000, FlushInterval = TimeSpan.FromSeconds(2) });
        await WriteSamplesAsync(sink, 0, 5);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, sink.Written);
        clock.Advance(TimeSpan.FromSeconds(1));

        await Eventually.TrueAsync(() => sink.Written == 5, () => "the interval flush writes the batch");
        Assert.Equal(5, await CountAsync(client));
    }

    [Fact]
    public async Task Every_value_kind_lands_in_its_own_field_with_the_sample_tags()
    {
        var client = await influxd.NewDatabaseAsync();
        await using (var sink = NewSink(client, new ManualTimeProvider(Start), new InfluxSinkOptions()))
        {
            await sink.WriteAsync(new TelemetrySample("25544", "bus voltage", 7.25, Start, "Svalbard, NO", "pass-1"));
            await sink.WriteAsync(new TelemetrySample("25544", "reboots", 3L, Start, "Svalbard, NO", "pass-1"));
            await sink.WriteAsync(new TelemetrySample("25544", "safe mode", true, Start, "Svalbard, NO", "pass-1"));
            await sink.WriteAsync(new TelemetrySample("25544", "mode", "NOMINAL \"A\"", Start, "Svalbard, NO"));
            var report = await sink.StopAsync();
            Assert.Equal(4, report.Written);
        }

        var series = Assert.Single(Assert.Single(await client.QueryAsync(
            "SELECT \"value\", value_int, value_bool, value_str, parameter, pass FROM telemetry " +
            "WHERE satellite = '25544' AND station = 'Svalbard, NO'")).Series);
        var rows = series.Values.ToDictionary(r => r[series.ColumnIndex("parameter")].GetString()!);
        Assert.Equal(7.25, rows["bus voltage"][series.ColumnIndex("value")].GetDouble());
        Assert.Equal(3, rows["reboots"][series.ColumnIndex("value_int")].GetInt64());
        Assert.True(rows["safe mode"][series.ColumnIndex("value_bool")].GetBoolean());
        Assert.Equal("NOMINAL \"A\"", rows["mode"][series.ColumnIndex("value_str")].GetString());
        Assert.Equal("pass-1", rows["reboots"][series.ColumnIndex("pass")].GetString());
    }

    [Fact]
    public async Task The_reader_returns_a_satellites_samples_in_a_time_range_as_they_were_written()
    {
        var client = await influxd.NewDatabaseAsync();
        TelemetrySample[] written =
        [
            new("25544", "bus voltage", 7.25, Start, "Svalbard, NO", "pass-1"),
            new("25544", "reboots", 3L, Start.AddSeconds(1), "Svalbard, NO", "pass-1"),
            new("25544", "safe mode", true, Start.AddSeconds(2), "Svalbard, NO"),
            new("25544", "mode", "NOMINAL \"A\"", Start.AddSeconds(3), "Svalbard, NO", "pass-1"),
            new("25544", "bus voltage", 7.5, Start.AddSeconds(10), "Svalbard, NO", "pass-1"),
            new("43017", "bus voltage", 5.0, Start.AddSeconds(1), "Svalbard, NO", "pass-1"),
        ];
        await using (var sink = NewSink(client, new ManualTimeProvider(Start), new InfluxSinkOptions()))
        {
            foreach (var sample in written)
            {
                await sink.WriteAsync(sample);
            }

            Assert.Empty((await sink.StopAsync()).Remaining);
        }

        var reader = new InfluxTelemetryReader(client);
        var all = await reader.ReadAsync("25544", null, Start, Start.AddSeconds(10));
        var voltage = await reader.ReadAsync("25544", "bus voltage", Start, Start.AddMinutes(1));

        Assert.Equal(written[..4], all);
        Assert.Equal([written[0], written[4]], voltage);
    }

    [Fact]
    public async Task A_sample_the_protocol_cannot_carry_is_refused_to_its_producer()
    {
        var client = await influxd.NewDatabaseAsync();
        await using var sink = NewSink(client, new ManualTimeProvider(Start), new InfluxSinkOptions());

        var error = await Assert.ThrowsAsync<LineProtocolException>(() =>
            sink.WriteAsync(new TelemetrySample("1", "temp", double.NaN, Start, "st")).AsTask());

        Assert.Contains("field 'value' is NaN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Points_survive_an_influxd_crash_and_are_written_after_its_restart()
    {
        await using var server = await InfluxdServer.StartAsync();
        using var http = new HttpClient();
        var client = server.Client(http, "restart");
        await client.CreateDatabaseAsync();
        await using var sink = NewSink(client, TimeProvider.System, new InfluxSinkOptions
        {
            BatchSize = 20,
            FlushInterval = TimeSpan.FromMilliseconds(50),
            InitialBackoff = TimeSpan.FromMilliseconds(50),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
        });
        await WriteSamplesAsync(sink, 0, 50);

        await Eventually.TrueAsync(() => sink.Written == 50, () => "the first 50 samples are written");
        await server.KillAsync();
        await WriteSamplesAsync(sink, 50, 50);

        await Eventually.TrueAsync(() => sink.FailedFlushes >= 2, () => "flushes fail while influxd is down");
        Assert.Equal(50, sink.Written);
        await server.RestartAsync();

        await Eventually.TrueAsync(() => sink.Written == 100, () => "the held samples are written after the restart");
        Assert.Equal(100, await CountAsync(client));
    }

    [Fact]
    public async Task A_batch_too_large_for_the_server_is_split_until_it_fits()
    {
        await using var server = await InfluxdServer.StartAsync(maxBodySize: 2_000);
        using var http = new HttpClient();
        var client = server.Client(http, "small");
        await client.CreateDatabaseAsync();
        var log = new ListLogger<InfluxTelemetrySink>();
        // The server may also reset the connection while the client is still sending the oversized body: that is
        // retried like any connection failure, so the clock must really run for the backoff.
        await using var sink = new InfluxTelemetrySink(client,
            new InfluxSinkOptions { BatchSize = 100, InitialBackoff = TimeSpan.FromMilliseconds(20) },
            TimeProvider.System, log);

        await WriteSamplesAsync(sink, 0, 100);

        await Eventually.TrueAsync(() => sink.Written == 100, () => $"every sample is written in smaller requests; log: {log}");
        Assert.Equal(100, await CountAsync(client));
        Assert.Contains(log.Lines, l => l.Contains("sending 50 at a time", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_while_the_server_is_unreachable_reports_every_sample_not_stored()
    {
        using var http = new HttpClient();
        var client = new InfluxV1Client(http,
            new InfluxV1Options { BaseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}/"), Database = "d" });
        var sink = NewSink(client, TimeProvider.System, new InfluxSinkOptions
        {
            BatchSize = 5,
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            DrainTimeout = TimeSpan.FromMilliseconds(300),
        });
        await WriteSamplesAsync(sink, 0, 12);

        var report = await sink.StopAsync();
        await sink.DisposeAsync();

        Assert.Equal(0, report.Written);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => Start.AddSeconds(i)).Order(),
            report.Remaining.Select(s => s.Timestamp).Order());
        var refused = await Assert.ThrowsAsync<InfluxException>(() => sink.WriteAsync(Sample(99)).AsTask());
        Assert.Contains("stopped", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disposed_http_client_does_not_kill_the_sink_and_its_samples_are_reported()
    {
        var http = new HttpClient();
        var client = influxd.Server.Client(http, "unused");
        http.Dispose();
        var sink = NewSink(client, TimeProvider.System, new InfluxSinkOptions
        {
            BatchSize = 3,
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            DrainTimeout = TimeSpan.FromMilliseconds(200),
        });
        await WriteSamplesAsync(sink, 0, 3);

        await Eventually.TrueAsync(() => sink.FailedFlushes >= 1, () => "the failed flush is counted");
        var report = await sink.StopAsync();
        await sink.DisposeAsync();

        Assert.Equal(3, report.Remaining.Count);
    }

    private static InfluxTelemetrySink NewSink(InfluxV1Client client, TimeProvider clock, InfluxSinkOptions options) =>
        new(client, options, clock, NullLogger<InfluxTelemetrySink>.Instance);

    private static async Task WriteSamplesAsync(InfluxTelemetrySink sink, int first, int count)
    {
        for (var i = first; i < first + count; i++)
        {
            await sink.WriteAsync(Sample(i));
        }
    }

    private static TelemetrySample Sample(int i) =>
        new("43017", "battery", 3.5 + i, Start.AddSeconds(i), "Hartebeesthoek", "pass-7");

    private static async Task<long> CountAsync(InfluxV1Client client)
    {
        var result = Assert.Single(await client.QueryAsync("SELECT COUNT(\"value\") FROM telemetry"));
        return result.Series.Count == 0 ? 0 : Assert.Single(result.Series[0].Values)[1].GetInt64();
    }
}
