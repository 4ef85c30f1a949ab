using GroundStation.Telemetry.Influx.Http;
using GroundStation.Testing;

namespace GroundStation.Telemetry.Influx.Tests;

/// <summary>Clients of the client library under test for a real influxd.</summary>
public static class InfluxdServerClients
{
    /// <summary>A client of <paramref name="server"/> for <paramref name="database"/>.</summary>
    public static InfluxV1Client Client(this InfluxdServer server, HttpClient http, string database,
        LineProtocol.WritePrecision precision = LineProtocol.WritePrecision.Nanoseconds)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new(http, new InfluxV1Options { BaseAddress = server.BaseAddress, Database = database, Precision = precision });
    }
}

/// <summary>One influxd shared by the tests of a class; each test uses its own database.</summary>
public sealed class InfluxdFixture : IAsyncLifetime
{
    private InfluxdServer? _server;

    /// <summary>The running server.</summary>
    public InfluxdServer Server => _server ?? throw new InvalidOperationException("influxd is not started.");

    /// <summary>One HTTP client for all tests.</summary>
    public HttpClient Http { get; } = new();

    /// <inheritdoc />
    public async Task InitializeAsync() => _server = await InfluxdServer.StartAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Creates a database of a unique name and returns a client for it.</summary>
    public async Task<InfluxV1Client> NewDatabaseAsync(
        LineProtocol.WritePrecision precision = LineProtocol.WritePrecision.Nanoseconds)
    {
        var client = Server.Client(Http, "db_" + Guid.NewGuid().ToString("N"), precision);
        await client.CreateDatabaseAsync();
        return client;
    }
}
