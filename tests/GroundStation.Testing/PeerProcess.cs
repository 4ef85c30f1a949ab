using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace GroundStation.Testing;

/// <summary>
/// A real external program (mosquitto, rotctld, socat, influxd, ...) run by a test and killed when disposed.
/// Its output is kept so that a failing test can show what the peer said.
/// </summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputGate = new();

    private PeerProcess(Process process) => _process = process;

    /// <summary>The operating-system process id.</summary>
    public int Id => _process.Id;

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_outputGate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Raised for each line the process writes, stdout or stderr.</summary>
    public event Action<string>? LineWritten;

    /// <summary>
    /// Finds <paramref name="program"/> on the PATH. A missing binary fails the test with the command that installs it.
    /// </summary>
    public static string Require(string program, string debianPackage)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        if (Path.IsPathRooted(program) && File.Exists(program))
        {
            return program;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                     .Concat(["/usr/sbin", "/sbin", "/usr/local/sbin"]))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"'{program}' is not installed. Install it with `apt-get install -y {debianPackage}` " +
            "(tests/run.sh installs every peer the tests need).");
    }

    /// <summary>Starts <paramref name="program"/> (looked up with <see cref="Require"/>) with the given arguments.</summary>
    public static PeerProcess Start(string program, string debianPackage, IEnumerable<string> arguments,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(Require(program, debianPackage))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var peer = new PeerProcess(process);
        process.OutputDataReceived += (_, e) => peer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"'{program}' did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Waits until the peer accepts TCP connections on the loopback port, or fails with its output.</summary>
    public async Task WaitForTcpAsync(int port, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            if (HasExited)
            {
                throw new InvalidOperationException(
                    $"The peer exited with code {_process.ExitCode} before listening on port {port}:\n{Output}");
            }

            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync("127.0.0.1", port, deadline.Token);
                return;
            }
            catch (SocketException)
            {
                // Not listening yet: the next attempt follows a short back-off, bounded by the deadline.
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The peer did not listen on port {port} within {timeout}:\n{Output}");
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The peer did not listen on port {port} within {timeout}:\n{Output}");
            }
        }
    }

    /// <summary>Waits until the peer writes a line that satisfies <paramref name="match"/>; returns that line.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string line)
        {
            if (match(line))
            {
                found.TrySetResult(line);
            }
        }

        LineWritten += OnLine;
        try
        {
            foreach (var line in Output.Split('\n'))
            {
                OnLine(line);
            }

            return await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The peer wrote no matching line within {timeout}:\n{Output}");
        }
        finally
        {
            LineWritten -= OnLine;
        }
    }

    /// <summary>Kills the process (SIGKILL) without waiting for it to clean up, as a crash would.</summary>
    public async Task KillAsync()
    {
        if (!HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputGate)
        {
            _output.AppendLine(line);
        }

        LineWritten?.Invoke(line);
    }
}
