using System.Globalization;

namespace GroundStation.Testing;

/// <summary>
/// GroundStation's own broker run as `gs broker` in a child process on a free loopback port, so a test can crash it
/// (SIGKILL), stop it (SIGTERM) and restart it on the same port and data directory, and so its memory is its own.
/// Needs gs.dll beside the calling assembly (reference core/GroundStation.Host from the test project).
/// </summary>
public sealed class GsBrokerProcess : IRestartableBroker
{
    private readonly string? _dataDirectory;
    private readonly bool _ownsDataDirectory;
    private readonly IReadOnlyList<string> _extraArguments;
    private PeerProcess? _process;

    private GsBrokerProcess(string? dataDirectory, bool ownsDataDirectory, IReadOnlyList<string> extraArguments)
    {
        _dataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
        _extraArguments = extraArguments;
    }

    /// <summary>The host to connect to.</summary>
    public string Host { get; } = "127.0.0.1";

    /// <summary>The TCP port it listens on (the same across restarts).</summary>
    public int Port { get; } = FreePort.Next();

    /// <summary>The operating-system process id of the running broker.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("gs broker is not running.");

    /// <summary>What the broker logged so far (current process only).</summary>
    public string Output => _process?.Output ?? string.Empty;

    /// <summary>
    /// Starts `gs broker`. With <paramref name="persistent"/> it keeps sessions and retained messages in a temporary
    /// data directory (deleted on dispose) that survives restarts.
    /// </summary>
    public static async Task<GsBrokerProcess> StartAsync(bool persistent, params string[] extraArguments)
    {
        var data = persistent ? Directory.CreateTempSubdirectory("gs-broker-").FullName : null;
        var broker = new GsBrokerProcess(data, ownsDataDirectory: persistent, extraArguments);
        await broker.RestartAsync();
        return broker;
    }

    /// <summary>Starts the broker again (after a kill or a stop) on the same port and data directory.</summary>
    public async Task RestartAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("gs broker is still running; kill or stop it first.");
        }

        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        var gs = Path.Combine(AppContext.BaseDirectory, "gs.dll");
        if (!File.Exists(gs))
        {
            throw new InvalidOperationException(
                $"{gs} is missing: the test project must reference core/GroundStation.Host to run `gs broker`.");
        }

        List<string> arguments = [gs, "broker", "--listen", $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}"];
        if (_dataDirectory is not null)
        {
            arguments.AddRange(["--data", _dataDirectory]);
        }

        arguments.AddRange(_extraArguments);
        _process = PeerProcess.Start("dotnet", "dotnet-sdk-10.0", arguments);
        await _process.WaitForTcpAsync(Port, TimeSpan.FromSeconds(30));
    }

    /// <summary>Kills the broker with SIGKILL, as a crash would.</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.KillAsync();
        }
    }

    /// <summary>Stops the broker with SIGTERM and waits until it has closed its connections and store and exited.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        // kill(1) delivers SIGTERM; the broker's last log line says it closed everything.
        await using var term = PeerProcess.Start("kill", "procps", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
        await process.WaitForLineAsync(line => line.Contains("MQTT broker stopped", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await process.KillAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        if (_ownsDataDirectory && _dataDirectory is not null)
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
