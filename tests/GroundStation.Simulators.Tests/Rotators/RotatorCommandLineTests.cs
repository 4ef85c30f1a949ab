using System.Diagnostics;
using System.Globalization;
using GroundStation.Hardware.Hamlib;
using GroundStation.Hardware.Rotators;
using GroundStation.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Simulators.Tests.Rotators;

/// <summary>The gs-sim executable itself: `gs-sim rotator --protocol gs232b --pty` under the real rotctld -m 603.</summary>
public class RotatorCommandLineTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static PeerProcess StartSimulator(params string[] arguments) =>
        PeerProcess.Start("dotnet", "dotnet-sdk-10.0", [Path.Combine(AppContext.BaseDirectory, "gs-sim.dll"), .. arguments]);

    [Fact]
    public async Task The_pty_simulator_prints_its_path_first_and_serves_rotctld()
    {
        await using var simulator = StartSimulator("rotator", "--protocol", "gs232b", "--pty", "--az-rate", "30", "--el-rate", "30",
            "--speed", "4");
        var ptyPath = await simulator.WaitForLineAsync(line => line.StartsWith("/dev/", StringComparison.Ordinal), Deadline);
        Assert.StartsWith("/dev/pts/", simulator.Output, StringComparison.Ordinal);

        var port = FreePort.Next();
        await using var rotctld = PeerProcess.Start("rotctld", "libhamlib-utils",
            ["-m", "603", "-r", ptyPath, "-s", "9600", "-T", "127.0.0.1", "-t", port.ToString(CultureInfo.InvariantCulture)]);
        await rotctld.WaitForTcpAsync(port, Deadline);
        await using var client = new RotctldRotator(new HamlibClientOptions { Endpoint = new HamlibEndpoint("127.0.0.1", port) },
            RotatorLimits.FromDegrees(0, 450, 0, 180), NullLogger<RotctldRotator>.Instance);

        await client.SetPositionAsync(RotatorPosition.FromDegrees(120, 45));
        using var deadline = new CancellationTokenSource(Deadline);
        RotatorPosition position;
        do
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            position = await client.GetPositionAsync(deadline.Token);
        }
        while (position != RotatorPosition.FromDegrees(120, 45));
    }

    [Theory]
    [InlineData("--protocol", "gs232a")]
    [InlineData("--protocol", "rotctld")]
    [InlineData("--protocol", "gs232b", "--pty", "--device", "/dev/null")]
    [InlineData("--protocol", "gs232b", "--pty", "--min-az", "-180")]
    [InlineData("--protocol", "rotctld", "--listen", "nowhere")]
    [InlineData("--protocol", "rotctld", "--listen", "127.0.0.1:0", "--pty")]
    [InlineData("--protocol", "gs232a", "--pty", "--listen", "127.0.0.1:0")]
    [InlineData("--protocol", "gs232a", "--pty", "--az-rate", "0")]
    public async Task Inconsistent_options_exit_with_code_2_and_a_message(params string[] arguments)
    {
        var info = new ProcessStartInfo(PeerProcess.Require("dotnet", "dotnet-sdk-10.0"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "gs-sim.dll"), "rotator", .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Deadline);

        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith("gs-sim rotator:", await error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, await output);
    }

    [Fact]
    public async Task The_rotctld_simulator_prints_its_endpoint()
    {
        await using var simulator = StartSimulator("rotator", "--protocol", "rotctld", "--listen", "127.0.0.1:0");
        var line = await simulator.WaitForLineAsync(l => l.StartsWith("listening on 127.0.0.1:", StringComparison.Ordinal), Deadline);

        var port = int.Parse(line["listening on 127.0.0.1:".Length..], CultureInfo.InvariantCulture);
        await simulator.WaitForTcpAsync(port, Deadline);
    }
}
