using GroundStation.Testing;

namespace GroundStation.Hardware.Tests.Serial;

/// <summary>A socat-made pair of linked pseudo-terminals: what one end writes, the other reads, like a null-modem cable.</summary>
public sealed class SocatPtyPair : IAsyncDisposable
{
    private readonly PeerProcess _socat;
    private readonly string _directory;

    private SocatPtyPair(PeerProcess socat, string directory)
    {
        _socat = socat;
        _directory = directory;
    }

    public string A => Path.Combine(_directory, "a");

    public string B => Path.Combine(_directory, "b");

    public static async Task<SocatPtyPair> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("gs-pty-").FullName;
        var socat = PeerProcess.Start("socat", "socat",
        [
            "-d", "-d",
            $"pty,raw,echo=0,link={Path.Combine(directory, "a")}",
            $"pty,raw,echo=0,link={Path.Combine(directory, "b")}",
        ]);
        await socat.WaitForLineAsync(line => line.Contains("starting data transfer loop", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        return new SocatPtyPair(socat, directory);
    }

    public async ValueTask DisposeAsync()
    {
        await _socat.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
