using System.Text.Json;
using GroundStation.Telemetry.Influx.Http;
using GroundStation.Telemetry.Influx.LineProtocol;
using GroundStation.Testing;

namespace GroundStation.Telemetry.Influx.Tests;

public sealed class InfluxV1ClientTests(InfluxdFixture influxd) : IClassFixture<InfluxdFixture>
{
    private static readonly DateTimeOffset Time = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task Ping_reports_the_server_version()
    {
        var client = influxd.Server.Client(influxd.Http, "any");

        var version = await client.PingAsync();

        Assert.StartsWith("1.6", version, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_field_type_and_escaped_name_round_trips(bool gzip)
    {
        var created = await influxd.NewDatabaseAsync();
        var client = new InfluxV1Client(influxd.Http, created.Options with { Gzip = gzip });
        const string measurement = "wea ther,x=1";
        const string tagKey = "loc ation=,";
        const string tagValue = "us, mid=west";
        const string text = "too \"hot\" \\ cold, = ok";
        await client.WriteAsync([
            LinePoint.Builder(measurement).Tag(tagKey, tagValue).Tag("plain", "p")
                .Field("temp=rature", 82.25).Field("count", long.MaxValue).Field("ok", true).Field("note", text)
                .At(Time).Build(),
        ]);

        var results = await client.QueryAsync(
            $"SELECT * FROM {InfluxV1Client.QuoteIdentifier(measurement)} WHERE " +
            $"{InfluxV1Client.QuoteIdentifier(tagKey)} = {InfluxV1Client.QuoteLiteral(tagValue)}", WritePrecision.Seconds);

        var series = Assert.Single(Assert.Single(results).Series);
        Assert.Equal(measurement, series.Name);
        var row = Assert.Single(series.Values);
        Assert.Equal(Time.ToUnixTimeSeconds(), row[series.ColumnIndex("time")].GetInt64());
        Assert.Equal(82.25, row[series.ColumnIndex("temp=rature")].GetDouble());
        Assert.Equal(long.MaxValue, row[series.ColumnIndex("count")].GetInt64());
        Assert.True(row[series.ColumnIndex("ok")].GetBoolean());
        Assert.Equal(text, row[series.ColumnIndex("note")].GetString());
        Assert.Equal(tagValue, row[series.ColumnIndex(tagKey)].GetString());
    }

    [Theory]
    [InlineData(WritePrecision.Nanoseconds, 1704164645123456700)]
    [InlineData(WritePrecision.Microseconds, 1704164645123456000)]
    [InlineData(WritePrecision.Milliseconds, 1704164645123000000)]
    [InlineData(WritePrecision.Seconds, 1704164645000000000)]
    public async Task Timestamps_are_stored_at_the_written_precision(WritePrecision precision, long expectedNanoseconds)
    {
        var client = await influxd.NewDatabaseAsync(precision);
        var time = Time.AddTicks(1_234_567);

        await client.WriteAsync([LinePoint.Builder("m").Field("f", 1L).At(time).Build()]);

        var series = Assert.Single(Assert.Single(await client.QueryAsync("SELECT f FROM m", WritePrecision.Nanoseconds)).Series);
        Assert.Equal(expectedNanoseconds, Assert.Single(series.Values)[0].GetInt64());
    }

    [Fact]
    public async Task A_partial_write_names_the_refused_lines_and_keeps_the_others()
    {
        var client = await influxd.NewDatabaseAsync();

        var error = await Assert.ThrowsAsync<InfluxPartialWriteException>(() => client.WriteLinesAsync(
            "m f=1 1000000000\nm f= 2000000000\nm f=3 3000000000\nm,t=x f=4u 4000000000\nm f=5 5000000000\n"));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal([2, 4], error.FailedLines.Select(f => f.LineNumber));
        Assert.Equal("m f= 2000000000", error.FailedLines[0].Line);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        var series = Assert.Single(Assert.Single(await client.QueryAsync("SELECT f FROM m")).Series);
        Assert.Equal([1.0, 3.0, 5.0], series.Values.Select(r => r[1].GetDouble()));
    }

    [Fact]
    public async Task A_type_conflict_is_a_partial_write_with_the_server_reason()
    {
        var client = await influxd.NewDatabaseAsync();
        await client.WriteAsync([LinePoint.Builder("m").Field("f", 1.0).At(Time).Build()]);

        var error = await Assert.ThrowsAsync<InfluxPartialWriteException>(() =>
            client.WriteAsync([LinePoint.Builder("m").Field("f", "text").At(Time.AddSeconds(1)).Build()]));

        Assert.Contains("field type conflict", Assert.Single(error.FailedLines).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writing_to_a_missing_database_is_reported_as_not_found()
    {
        var client = influxd.Server.Client(influxd.Http, "never_created");

        var error = await Assert.ThrowsAsync<InfluxDatabaseNotFoundException>(() =>
            client.WriteAsync([LinePoint.Builder("m").Field("f", 1.0).Build()]));

        Assert.Equal("never_created", error.Database);
        Assert.Contains("database not found", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT f FROM m", "database not found")]
    [InlineData("SELEKT nonsense", "error parsing query")]
    public async Task Query_errors_are_surfaced_with_the_server_text(string query, string expected)
    {
        var client = influxd.Server.Client(influxd.Http, "never_created_either");

        var error = await Assert.ThrowsAsync<InfluxQueryException>(() => client.QueryAsync(query));

        Assert.Contains(expected, error.ServerError, StringComparison.Ordinal);
        Assert.Equal(query, error.Query);
    }

    [Fact]
    public async Task Show_queries_return_series_and_creating_a_database_twice_succeeds()
    {
        var client = await influxd.NewDatabaseAsync();
        await client.CreateDatabaseAsync();

        var results = await client.QueryAsync("SHOW DATABASES");

        var names = Assert.Single(Assert.Single(results).Series).Values.Select(r => r[0].GetString());
        Assert.Contains(client.Options.Database, names);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_transient_connection_error()
    {
        using var http = new HttpClient();
        var client = new InfluxV1Client(http,
            new InfluxV1Options { BaseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}/"), Database = "d" });

        var error = await Assert.ThrowsAsync<InfluxConnectionException>(() => client.PingAsync());

        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Credentials_travel_in_the_authorization_header_and_missing_ones_are_refused()
    {
        await using var server = await InfluxdServer.StartAsync(authEnabled: true);
        using var http = new HttpClient();
        var anonymous = server.Client(http, "secured");
        // With no user yet, influxd lets anyone create the first admin.
        await anonymous.ExecuteAsync("CREATE USER \"ops\" WITH PASSWORD 'p@ss w0rd' WITH ALL PRIVILEGES");
        var operatorClient = new InfluxV1Client(http, anonymous.Options with { Username = "ops", Password = "p@ss w0rd" });
        var wrongPassword = new InfluxV1Client(http, anonymous.Options with { Username = "ops", Password = "nope" });

        await operatorClient.CreateDatabaseAsync();
        await operatorClient.WriteAsync([LinePoint.Builder("m").Field("f", 1.0).At(Time).Build()]);
        var denied = await Assert.ThrowsAsync<InfluxAuthorizationException>(() =>
            anonymous.WriteAsync([LinePoint.Builder("m").Field("f", 2.0).At(Time).Build()]));
        var wrong = await Assert.ThrowsAsync<InfluxAuthorizationException>(() => wrongPassword.QueryAsync("SELECT f FROM m"));

        Assert.Equal(401, denied.StatusCode);
        Assert.Equal(401, wrong.StatusCode);
        Assert.False(denied.IsTransient);
        var series = Assert.Single(Assert.Single(await operatorClient.QueryAsync("SELECT f FROM m")).Series);
        Assert.Equal(1.0, Assert.Single(series.Values)[1].GetDouble());
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_as_a_transient_error()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        using var http = new HttpClient();
        var client = new InfluxV1Client(http, new InfluxV1Options
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
            Database = "d",
            RequestTimeout = TimeSpan.FromMilliseconds(300),
        });

        var error = await Assert.ThrowsAsync<InfluxTimeoutException>(() => client.PingAsync());

        Assert.True(error.IsTransient);
        Assert.Contains("00:00:00.3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    public async Task An_overloaded_server_is_transient_and_its_retry_after_is_kept(int status)
    {
        // influxd never sends these itself; a proxy or InfluxDB Cloud does, so a plain HTTP server plays it here.
        var port = FreePort.Next();
        using var listener = new System.Net.HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var answered = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            context.Response.StatusCode = status;
            context.Response.Headers["Retry-After"] = "7";
            await context.Response.OutputStream.WriteAsync("{\"error\":\"busy\"}"u8.ToArray());
            context.Response.Close();
        });
        using var http = new HttpClient();
        var client = new InfluxV1Client(http,
            new InfluxV1Options { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Database = "d" });

        var error = await Assert.ThrowsAsync<InfluxUnavailableException>(() =>
            client.WriteAsync([LinePoint.Builder("m").Field("f", 1.0).Build()]));
        await answered;

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Equal("busy", error.ServerError);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Json_values_keep_their_types()
    {
        var client = await influxd.NewDatabaseAsync();
        await client.WriteAsync([LinePoint.Builder("m").Field("i", 7L).Field("b", false).At(Time).Build()]);

        var row = Assert.Single(Assert.Single(Assert.Single(await client.QueryAsync("SELECT i, b FROM m")).Series).Values);

        Assert.Equal([JsonValueKind.String, JsonValueKind.Number, JsonValueKind.False], row.Select(v => v.ValueKind));
    }
}
