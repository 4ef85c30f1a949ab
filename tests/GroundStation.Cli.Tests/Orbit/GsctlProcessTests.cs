using System.Diagnostics;

namespace GroundStation.Cli.Tests.Orbit;

/// <summary>The real gsctl executable: proves Program.cs wires the orbit command and the exit code reaches the shell.</summary>
public class GsctlProcessTests
{
    [Fact]
    public async Task The_executable_prints_one_line_and_exits_2_on_an_unknown_option()
    {
        var (code, output, error) = await RunGsctlAsync("orbit", "passes", "--bogus");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal("gsctl orbit passes: error: unknown option '--bogus' (see --help).", error.TrimEnd('\n'));
    }

    [Fact]
    public async Task The_executable_runs_the_readme_main_job()
    {
        var (code, output, error) = await RunGsctlAsync(
            "orbit", "passes", "--tle", GsctlRunner.SampleCatalog, "--lat", "40.8939", "--lon", "-83.8917", "--alt-m", "0",
            "--from", "2014-01-23T00:00:00Z", "--to", "2014-01-24T00:00:00Z");

        Assert.True(code == 0, error);
        Assert.Equal(string.Empty, error);
        Assert.Contains("ISS (ZARYA)", output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunGsctlAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gsctl.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet gsctl.dll");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var error = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }
}
