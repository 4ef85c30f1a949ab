using System.Diagnostics;
using GroundStation.Testing;

namespace GroundStation.Iam.Tests;

/// <summary>Process-heavy tests run alone, so that their start-up load does not skew the timing-bound tests.</summary>
[CollectionDefinition(nameof(ProcessHeavy), DisableParallelization = true)]
public sealed class ProcessHeavy;

/// <summary>The real `gs` and `gsctl` executables, run as processes.</summary>
[Collection(nameof(ProcessHeavy))]
public class CommandLineTests
{
    private static async Task<(int Code, string Output)> RunAsync(string program, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(PeerProcess.Require("dotnet", "dotnet-sdk-10.0"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, program + ".dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within 60 s");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task Bootstrap_serve_and_manage_keys_end_to_end()
    {
        var data = Directory.CreateTempSubdirectory("gs-iam-cli-").FullName;
        try
        {
            var (code, output) = await RunAsync("gs", null, "iam", "bootstrap", "--data", data);
            Assert.Equal(0, code);
            var adminKey = output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("gs_o_live_", StringComparison.Ordinal));
            var again = await RunAsync("gs", null, "iam", "bootstrap", "--data", data);
            Assert.Equal(2, again.Code);
            Assert.DoesNotContain("gs_o_live_", again.Output, StringComparison.Ordinal);

            var port = FreePort.Next();
            await using var service = PeerProcess.Start("dotnet", "dotnet-sdk-10.0", [Path.Combine(AppContext.BaseDirectory, "gs.dll"), "iam", "--listen", $"127.0.0.1:{port}", "--data", data]);
            await service.WaitForTcpAsync(port, TimeSpan.FromSeconds(30));
            var env = new Dictionary<string, string> { ["GS_API_KEY"] = adminKey, ["GS_IAM_URL"] = $"http://127.0.0.1:{port}/" };

            var created = await RunAsync("gsctl", env, "iam", "key", "create", "--principal", "bot", "--roles", "viewer");
            Assert.True(created.Code == 0, created.Output);
            var botKey = created.Output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("gs_a_live_", StringComparison.Ordinal));
            var id = created.Output.Split(' ').First(w => w.StartsWith("key_", StringComparison.Ordinal));

            var listed = await RunAsync("gsctl", env, "iam", "key", "list");
            Assert.Contains(id, listed.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(botKey, listed.Output, StringComparison.Ordinal);

            var rotated = await RunAsync("gsctl", env, "iam", "key", "rotate", id, "--overlap-seconds", "0");
            Assert.True(rotated.Code == 0, rotated.Output);
            var revoked = await RunAsync("gsctl", env, "iam", "key", "revoke", id);
            Assert.Contains("\"state\": \"revoked\"", revoked.Output, StringComparison.Ordinal);

            var denied = await RunAsync("gsctl", new Dictionary<string, string>(env) { ["GS_API_KEY"] = botKey }, "iam", "key", "list");
            Assert.Equal(2, denied.Code);
            Assert.Contains("401", denied.Output, StringComparison.Ordinal);

            await service.KillAsync();
            var verified = await RunAsync("gsctl", null, "iam", "audit", "verify", "--data", data);
            Assert.True(verified.Code == 0, verified.Output);
            Assert.Contains("audit chain intact", verified.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Bad_input_gets_one_line_and_exit_code_2()
    {
        var listen = await RunAsync("gs", null, "iam", "--listen", "nowhere", "--data", Path.GetTempPath());
        Assert.Equal(2, listen.Code);
        Assert.Contains("--listen", listen.Output, StringComparison.Ordinal);
        var noKey = await RunAsync("gsctl", new Dictionary<string, string> { ["GS_API_KEY"] = "" }, "iam", "key", "list", "--url", "http://127.0.0.1:1/");
        Assert.Equal(2, noKey.Code);
        var noStore = await RunAsync("gsctl", null, "iam", "audit", "verify", "--data", "/nonexistent/dir");
        Assert.Equal(2, noStore.Code);
    }
}
