using System.Diagnostics;
using GroundStation.Testing;

namespace GroundStation.Hardware.Tests.Serial;

/// <summary>Runs a command-line tool (stty, rotctl, rigctl) to completion and returns its exit code and output.</summary>
public static class ExternalCommand
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, string debianPackage, params string[] arguments)
    {
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

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"'{program}' did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{program} {string.Join(' ', arguments)}' did not finish within 20 s.");
        }

        return (process.ExitCode, await output + await error);
    }
}
