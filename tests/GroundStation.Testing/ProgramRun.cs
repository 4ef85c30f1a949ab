using System.Diagnostics;

namespace GroundStation.Testing;

/// <summary>What a command-line program run to completion exited with and wrote.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="StandardOutput">Everything written to stdout.</param>
/// <param name="StandardError">Everything written to stderr.</param>
public sealed record ProgramRunResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>stdout followed by stderr, for assertions and failure messages that look at both.</summary>
    public string Output => StandardOutput + StandardError;
}

/// <summary>
/// Runs a command-line program (a tool such as stty or rotctl, or one of GroundStation's own executables through
/// <c>dotnet</c>) to completion: unlike <see cref="PeerProcess"/>, for programs that are expected to end by themselves.
/// </summary>
public static class ProgramRun
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Runs <paramref name="program"/> (looked up with <see cref="PeerProcess.Require"/>) with <paramref name="arguments"/>
    /// and returns its exit code and output.
    /// </summary>
    /// <exception cref="TimeoutException">It did not end within <paramref name="timeout"/> (default 60 s); it is killed.</exception>
    public static async Task<ProgramRunResult> RunAsync(string program, string debianPackage, IEnumerable<string> arguments,
        TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(PeerProcess.Require(program, debianPackage))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var limit = timeout ?? DefaultTimeout;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"'{program}' did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{program} {string.Join(' ', info.ArgumentList)}' did not finish within {limit}; it wrote: {await output}{await error}");
        }

        return new ProgramRunResult(process.ExitCode, await output, await error);
    }

    /// <summary>Runs <c>dotnet</c> on <paramref name="assembly"/>, an executable built beside the test (e.g. <c>gs.dll</c>).</summary>
    /// <exception cref="TimeoutException">It did not end within <paramref name="timeout"/> (default 60 s); it is killed.</exception>
    public static Task<ProgramRunResult> RunDotnetAsync(string assembly, IEnumerable<string> arguments, TimeSpan? timeout = null) =>
        RunAsync("dotnet", "dotnet-sdk-10.0", [Path.Combine(AppContext.BaseDirectory, assembly), .. arguments], timeout);
}
