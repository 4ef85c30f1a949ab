using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace GroundStation.Testing;

/// <summary>
/// A real influxd (Debian package influxdb, 1.6.7) on free loopback ports with every directory under a temporary
/// one; it can be killed and started again on the same port and data. It speaks plain HTTP to influxd only to see it
/// up (/ping), so every test project can use it without depending on the InfluxDB client library under test.
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
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var ping = new Uri(BaseAddress, "ping");
        var watch = Stopwatch.StartNew();
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        string last = "no answer yet";
        while (watch.Elapsed < TimeSpan.FromSeconds(30) && !_process.HasExited)
        {
            try
            {
                using var answer = await http.GetAsync(ping);
                if (answer.StatusCode == HttpStatusCode.NoContent)
                {
                    return;
                }

                last = $"/ping answered {(int)answer.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening (or not answering) yet: influxd opens its HTTP port after loading its data.
                last = e.Message;
            }

            await tick.WaitForNextTickAsync();
        }

        throw new InvalidOperationException(
            $"influxd did not answer /ping on port {HttpPort} ({last}; exited: {_process.HasExited}):\n{_process.Output}");
    }
}
