using System.Diagnostics;
using System.Globalization;
using GroundStation.Messaging.Contracts;
using Xunit.Abstractions;

namespace GroundStation.Edge.Tests;

/// <summary>
/// Footprint figures of gs-edge (docs/EDGE.md): start-up to connected, RSS while tracking a pass at 10 frames/s, and idle
/// CPU. By default the framework-dependent build next to the tests is measured against loose limits (it is a Debug build
/// on a shared machine); deploy/edge/measure-footprint.sh publishes the trimmed single file and runs this with
/// EDGE_FOOTPRINT_BINARY set and EDGE_FOOTPRINT_STRICT=1, which asserts the issue's limits (40 MB, 1 %, 1 s).
/// </summary>
[Trait("Category", "Footprint")]
public sealed class FootprintTests(ITestOutputHelper output)
{
    private static readonly bool Strict = Environment.GetEnvironmentVariable("EDGE_FOOTPRINT_STRICT") == "1";
    private static readonly string? Binary = Environment.GetEnvironmentVariable("EDGE_FOOTPRINT_BINARY");

    [Fact]
    public async Task Startup_rss_during_a_10_frames_per_second_pass_and_idle_cpu_are_within_limits()
    {
        var pass = Iss.Passes().First(p => p.MaxElevation.Degrees is > 25 and < 70);
        // Real time (speed 1), anchored one minute into the pass: the agent resumes straight into tracking.
        await using var rig = await EdgeRig.StartAsync(TimeSpan.Zero, speed: 1, beaconPeriod: TimeSpan.FromSeconds(0.1), anchorAt: pass.Aos.AddMinutes(1));
        await rig.PublishPlanAsync(1, rig.Planned);
        var started = Stopwatch.StartNew();
        var agent = rig.StartAgent(Binary);
        await Eventually.TrueAsync(() => rig.Presence.Any(p => p.State == PresenceState.Online), TimeSpan.FromSeconds(30), () => $"Online\n{rig.AgentOutput}");
        var startup = started.Elapsed;

        await Eventually.TrueAsync(() => rig.Frames.Count >= 20, TimeSpan.FromSeconds(30), () => $"frames\n{rig.AgentOutput}");
        var framesBefore = rig.Frames.Count;
        var rss = new List<double>();
        var pss = new List<double>();
        var window = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (window.Elapsed < TimeSpan.FromSeconds(20) && await timer.WaitForNextTickAsync())
        {
            rss.Add(RssMegabytes(agent.Id));
            pss.Add(PssMegabytes(agent.Id));
        }

        var rate = (rig.Frames.Count - framesBefore) / window.Elapsed.TotalSeconds;
        Assert.True(rate > 7, $"only {rate:0.0} frames/s reached the core during the measurement");
        Assert.Contains(rig.PassEvents, e => e.PassId == rig.PassId.Value && e.State == PassState.Tracking);
        await agent.KillAsync();

        // Idle: the same agent with no pass for hours (anchored after the day's passes).
        await using var idleRig = await EdgeRig.StartAsync(TimeSpan.Zero, speed: 1, anchorAt: Iss.Passes()[^1].Los.AddMinutes(5));
        var idle = idleRig.StartAgent(Binary);
        await Eventually.TrueAsync(() => idleRig.Presence.Any(p => p.State == PresenceState.Online), TimeSpan.FromSeconds(30), () => "Online (idle)");
        await WarmUpAsync();
        var cpuBefore = CpuSeconds(idle.Id);
        var idleWindow = Stopwatch.StartNew();
        using var idleTimer = new PeriodicTimer(TimeSpan.FromSeconds(30));
        await idleTimer.WaitForNextTickAsync();
        var cpuPercent = 100 * (CpuSeconds(idle.Id) - cpuBefore) / idleWindow.Elapsed.TotalSeconds;
        var idleRss = RssMegabytes(idle.Id);

        rss.Sort();
        pss.Sort();
        var figures = string.Create(CultureInfo.InvariantCulture,
            $"gs-edge footprint ({Binary ?? "framework-dependent test build"}): start-up to connected {startup.TotalMilliseconds:0} ms; " +
            $"RSS during a pass at {rate:0.0} frames/s median {rss[rss.Count / 2]:0.0} MB, max {rss[^1]:0.0} MB (PSS median {pss[pss.Count / 2]:0.0} MB); idle CPU {cpuPercent:0.00} % of one core; idle RSS {idleRss:0.0} MB");
        output.WriteLine(figures);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "gs-edge-footprint.txt"), figures + Environment.NewLine);

        Assert.True(rss[^1] <= (Strict ? 40 : 120), figures);
        Assert.True(cpuPercent <= (Strict ? 1 : 5), figures);
        Assert.True(startup <= TimeSpan.FromSeconds(Strict ? 1 : 10), figures);
    }

    // Lets start-up work (JIT and tiered re-JIT, first connections) finish before idle CPU is measured.
    private static async Task WarmUpAsync()
    {
        using var warmUp = new PeriodicTimer(TimeSpan.FromSeconds(30));
        await warmUp.WaitForNextTickAsync();
    }

    private static double RssMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    // Proportional set size: shared pages (runtime libraries, OpenSSL) counted by share, the fair "own" memory figure.
    private static double PssMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/smaps_rollup").First(l => l.StartsWith("Pss:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // utime and stime are fields 14 and 15 of /proc/pid/stat (11 and 12 after the command), in clock ticks (100/s).
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
