using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GroundStation.Testing;

/// <summary>How a test wants its mosquitto configured.</summary>
public sealed record MosquittoSettings
{
    /// <summary>Keep sessions, queued messages and retained messages in a database saved after every change.</summary>
    public bool Persistence { get; init; }

    /// <summary>mosquitto's per-client limit of QoS 1/2 messages sent and unacknowledged (mosquitto's default is 20; 0 = no limit).</summary>
    public int MaximumInflightMessages { get; init; } = 20;

    /// <summary>
    /// mosquitto's per-client queue of QoS 1/2 messages beyond the in-flight limit, also for offline persistent
    /// sessions (mosquitto's default is 1000 and it drops beyond; 0 = no limit).
    /// </summary>
    public int MaximumQueuedMessages { get; init; }

    /// <summary>PEM files for a TLS listener (server certificate, its key, and the CA that signs client certificates); null for plain TCP.</summary>
    public MosquittoTls? Tls { get; init; }
}

/// <summary>A TLS listener's PEM files.</summary>
/// <param name="CertificateFile">The server certificate (PEM).</param>
/// <param name="KeyFile">The server's private key (PEM).</param>
/// <param name="CaFile">The CA certificate clients' certificates must chain to (PEM).</param>
/// <param name="RequireClientCertificate">True to refuse clients without a certificate from that CA.</param>
public sealed record MosquittoTls(string CertificateFile, string KeyFile, string CaFile, bool RequireClientCertificate);

/// <summary>
/// A real mosquitto broker on a free loopback port, with a configuration file and data directory of its own, killed
/// and its directory deleted when disposed. It can be killed (SIGKILL, as a crash), stopped (SIGTERM, saving its
/// database) and restarted on the same port with the same data.
/// </summary>
public sealed class MosquittoBroker : IRestartableBroker
{
    private const string Program = "/usr/sbin/mosquitto";
    private const string Package = "mosquitto";
    private readonly string _directory;
    private readonly string _configPath;
    private PeerProcess? _process;

    private MosquittoBroker(string directory, int port, MosquittoSettings settings)
    {
        _directory = directory;
        Port = port;
        Settings = settings;
        _configPath = Path.Combine(directory, "mosquitto.conf");
        File.WriteAllText(_configPath, BuildConfig(settings));
    }

    /// <summary>The loopback address the broker listens on.</summary>
    public string Host { get; } = "127.0.0.1";

    /// <summary>The TCP port the broker listens on.</summary>
    public int Port { get; }

    /// <summary>The settings the broker was configured with.</summary>
    public MosquittoSettings Settings { get; }

    /// <summary>Where mosquitto keeps its database when <see cref="MosquittoSettings.Persistence"/> is on.</summary>
    public string DatabasePath => Path.Combine(_directory, "data", "mosquitto.db");

    /// <summary>What the broker logged so far (current process only).</summary>
    public string Output => _process?.Output ?? string.Empty;

    /// <summary>Starts mosquitto and waits until it accepts connections.</summary>
    public static async Task<MosquittoBroker> StartAsync(MosquittoSettings? settings = null)
    {
        PeerProcess.Require(Program, Package);
        var directory = Directory.CreateTempSubdirectory("gs-mosquitto-").FullName;
        Directory.CreateDirectory(Path.Combine(directory, "data"));
        var broker = new MosquittoBroker(directory, FreePort.Next(), settings ?? new MosquittoSettings());
        await broker.RestartAsync();
        return broker;
    }

    /// <summary>Starts the broker again (after <see cref="KillAsync"/> or <see cref="StopAsync"/>) on the same port and data.</summary>
    public async Task RestartAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("mosquitto is still running; kill or stop it first.");
        }

        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _process = PeerProcess.Start(Program, Package, ["-c", _configPath], _directory);
        await _process.WaitForTcpAsync(Port, TimeSpan.FromSeconds(10));
    }

    /// <summary>Kills the broker with SIGKILL, as a crash or power loss would.</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.KillAsync();
        }
    }

    /// <summary>Stops the broker with SIGTERM, letting it save its database, and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("Could not run kill(1).");
        await kill.WaitForExitAsync();
        Process watched;
        try
        {
            watched = Process.GetProcessById(process.Id);
        }
        catch (ArgumentException)
        {
            // The process is already gone: SIGTERM finished it before we looked.
            return;
        }

        using (watched)
        {
            await watched.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private string BuildConfig(MosquittoSettings settings)
    {
        var config = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"listener {Port} 127.0.0.1")
            .AppendLine("allow_anonymous true");
        if (settings.Tls is { } tls)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"certfile {tls.CertificateFile}")
                .AppendLine(CultureInfo.InvariantCulture, $"keyfile {tls.KeyFile}")
                .AppendLine(CultureInfo.InvariantCulture, $"cafile {tls.CaFile}")
                .AppendLine(CultureInfo.InvariantCulture, $"require_certificate {(tls.RequireClientCertificate ? "true" : "false")}");
        }

        config
            // Running as root, mosquitto would switch to the 'mosquitto' user and lose access to the data directory.
            .AppendLine("user root")
            .AppendLine(CultureInfo.InvariantCulture, $"max_inflight_messages {settings.MaximumInflightMessages}")
            .AppendLine(CultureInfo.InvariantCulture, $"max_queued_messages {settings.MaximumQueuedMessages}")
            .AppendLine("log_dest stdout")
            .AppendLine("log_type error")
            .AppendLine("log_type warning")
            .AppendLine("log_type notice");
        if (settings.Persistence)
        {
            // Save after every change rather than every 30 minutes, so a crash loses as little as mosquitto allows.
            config.AppendLine("persistence true")
                .AppendLine(CultureInfo.InvariantCulture, $"persistence_location {Path.Combine(_directory, "data")}/")
                .AppendLine("autosave_on_changes true")
                .AppendLine("autosave_interval 1");
        }

        return config.ToString();
    }
}
