using System.Globalization;
using GroundStation.Telemetry.Influx.Http;
using GroundStation.Testing;

namespace GroundStation.Telemetry.Influx.Tests;

/// <summary>
/// A real influxd (Debian package influxdb, 1.6.7) on free loopback ports with every directory under a temporary
/// one; it can be killed and started again on the same port and data.
/// </summary>
public sealed class InfluxdServer : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _configFile;
    private PeerProcess? _process;

    private InfluxdServer(string directory, int httpPort, int maxBodySize, bool authEnabled)
    {
        _directory = directory;
        HttpPort = httpPort;
        _configFile = Path.Combine(directory, "influxdb.conf");
        var rpcPort = FreePort.Next();
        File.WriteAllText(_configFile, string.Create(CultureInfo.InvariantCulture, $"""
            reporting-enabled = false
            bind-address = "127.0.0.1:{rpcPort}"

            [meta]
              dir = "{directory}/meta"
              logging-enabled = false

            [data]
              dir = "{directory}/data"
              wal-dir = "{directory}/wal"
              query-log-enabled = false

            [http]
              enabled = true
              bind-address = "127.0.0.1:{httpPort}"
              log-enabled = false
              pprof-enabled = false
              unix-socket-enabled = false
              max-body-size = {maxBodySize}
              auth-enabled = {(authEnabled ? "true" : "false")}

            [monitor]
              store-enabled = false

            [subscriber]
              enabled = false

            [continuous_queries]
              enabled = false

            [ifql]
              enabled = false

            [logging]
              level = "warn"
              suppress-logo = true
            """));
    }

    /// <summary>The HTTP API port.</summary>
    public int HttpPort { get; }

    /// <summary>The HTTP API's base address.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}/");

    /// <summary>Starts a fresh server and waits until it answers /ping.</summary>
    /// <param name="maxBodySize">The largest write body the server accepts, in bytes (influxd's default: 25 MB).</param>
    /// <param name="authEnabled">Require credentials (the first admin user can still be created without).</param>
    public static async Task<InfluxdServer> StartAsync(int maxBodySize = 25_000_000, bool authEnabled = false)
    {
        var directory = Directory.CreateTempSubdirectory("gs-influxd-").FullName;
        var server = new InfluxdServer(directory, FreePort.Next(), maxBodySize, authEnabled);
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>A client of this server for <paramref name="database"/>.</summary>
    public InfluxV1Client Client(HttpClient http, string database,
        LineProtocol.WritePrecision precision = LineProtocol.WritePrecision.Nanoseconds) =>
        new(http, new InfluxV1Options { BaseAddress = BaseAddress, Database = database, Precision = precision });

    /// <summary>Kills the server as a crash would (SIGKILL).</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    /// <summary>Starts the server again on the same port and data, and waits until it answers /ping.</summary>
    public Task RestartAsync() => StartProcessAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task StartProcessAsync()
    {
        _process = PeerProcess.Start("influxd", "influxdb", ["-config", _configFile]);
        using var http = new HttpClient();
        var client = Client(http, "_internal");
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                await client.PingAsync();
                return;
            }
            catch (InfluxException e) when (e.IsTransient)
            {
                if (_process.HasExited || DateTimeOffset.UtcNow > deadline)
                {
                    throw new InvalidOperationException(
                        $"influxd did not answer /ping on port {HttpPort}: {e.Message}\n{_process.Output}", e);
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
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
