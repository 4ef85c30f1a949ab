using System.CommandLine;
using GroundStation.Cli.Orbit;

namespace GroundStation.Cli.Tests.Orbit;

/// <summary>Runs `gsctl orbit ...` in-process through the real parser, capturing stdout, stderr and the exit code.</summary>
internal static class GsctlRunner
{
    public static string SampleCatalog { get; } = FindRepositoryFile("deploy/samples/catalog.tle");

    public static async Task<GsctlResult> RunAsync(params string[] args)
    {
        var root = new RootCommand("test root");
        root.Subcommands.Add(OrbitCommand.Create());
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return new GsctlResult(code, output.ToString(), error.ToString());
    }

    private static string FindRepositoryFile(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }
}

internal sealed record GsctlResult(int ExitCode, string Output, string Error)
{
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>A catalog file written for one test and deleted after it.</summary>
internal sealed class TempCatalog : IDisposable
{
    public const string IssName = "ISS (ZARYA)";
    public const string IssLine1 = "1 25544U 98067A   14020.93268519  .00009878  00000-0  18200-3 0  5082";
    public const string IssLine2 = "2 25544  51.6498 109.4756 0003572  55.9686 274.8005 15.49815350868473";

    public TempCatalog(params string[] lines)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"gsctl-test-{Guid.NewGuid():N}.tle");
        File.WriteAllLines(Path, lines);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
