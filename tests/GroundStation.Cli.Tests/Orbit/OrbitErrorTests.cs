namespace GroundStation.Cli.Tests.Orbit;

public class OrbitErrorTests
{
    private static readonly string[] Station = ["--lat", "40.8939", "--lon", "-83.8917", "--alt-m", "0"];
    private static readonly string[] Day = ["--from", "2014-01-23T00:00:00Z", "--to", "2014-01-24T00:00:00Z"];

    [Fact]
    public async Task A_missing_catalog_file_is_one_line_naming_the_file_and_exit_code_2()
    {
        var result = await GsctlRunner.RunAsync(["orbit", "passes", "--tle", "/nonexistent/catalog.tle", .. Station, .. Day]);

        AssertInputError(result, "gsctl orbit passes: error: --tle: file '/nonexistent/catalog.tle' does not exist.");
    }

    [Fact]
    public async Task A_catalog_whose_only_entry_is_malformed_is_one_line_naming_the_line()
    {
        var badChecksum = TempCatalog.IssLine1[..68] + "9";
        using var catalog = new TempCatalog(TempCatalog.IssName, badChecksum, TempCatalog.IssLine2);

        var result = await GsctlRunner.RunAsync(["orbit", "propagate", "--tle", catalog.Path, "--at", "2014-01-23T00:00:00Z"]);

        AssertInputError(result, $"gsctl orbit propagate: error: --tle: '{catalog.Path}' has no valid TLE; line 2:");
        Assert.Contains("checksum", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task From_after_to_is_refused()
    {
        var result = await GsctlRunner.RunAsync(
            ["orbit", "passes", "--tle", GsctlRunner.SampleCatalog, .. Station, "--from", "2014-01-24T00:00:00Z", "--to", "2014-01-23T00:00:00Z"]);

        AssertInputError(result, "gsctl orbit passes: error: --from 2014-01-24T00:00:00.000Z is not before --to 2014-01-23T00:00:00.000Z.");
    }

    [Fact]
    public async Task From_after_to_is_refused_by_propagate_too()
    {
        var result = await GsctlRunner.RunAsync(
            ["orbit", "propagate", "--tle", GsctlRunner.SampleCatalog, "--from", "2014-01-24T00:00:00Z", "--to", "2014-01-23T00:00:00Z", "--step", "60"]);

        AssertInputError(result, "gsctl orbit propagate: error: --from 2014-01-24T00:00:00.000Z is after --to 2014-01-23T00:00:00.000Z.");
    }

    [Theory]
    [InlineData("--lat", "91", "gsctl orbit passes: error: --lat: 91 is out of range. A latitude is between -90 and 90 degrees.")]
    [InlineData("--lon", "-180.5", "gsctl orbit passes: error: --lon: -180.5 is out of range. A longitude is between -180 and 180 degrees.")]
    public async Task A_coordinate_out_of_range_is_refused(string option, string value, string expected)
    {
        var arguments = new List<string> { "orbit", "passes", "--tle", GsctlRunner.SampleCatalog };
        arguments.AddRange(Station);
        arguments[arguments.IndexOf(option) + 1] = value;
        arguments.AddRange(Day);

        AssertInputError(await GsctlRunner.RunAsync([.. arguments]), expected);
    }

    [Fact]
    public async Task A_minimum_elevation_out_of_range_is_refused()
    {
        var result = await GsctlRunner.RunAsync(["orbit", "passes", "--tle", GsctlRunner.SampleCatalog, .. Station, .. Day, "--min-elevation", "95"]);

        AssertInputError(result, "gsctl orbit passes: error: --min-elevation: 95 is out of range. An elevation is between -90 and 90 degrees.");
    }

    [Fact]
    public async Task An_unknown_option_is_one_line_instead_of_the_parsers_report()
    {
        var result = await GsctlRunner.RunAsync(["orbit", "passes", "--tle", GsctlRunner.SampleCatalog, .. Station, .. Day, "--colour", "red"]);

        AssertInputError(result, "gsctl orbit passes: error: unknown option '--colour' (see --help).");
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_one_line()
    {
        var result = await GsctlRunner.RunAsync(["orbit", "passes", "--tle", GsctlRunner.SampleCatalog, "--lat", "north", "--lon", "0", "--alt-m", "0", .. Day]);

        AssertInputError(result, "gsctl orbit passes: error: ");
        Assert.Contains("north", result.Error, StringComparison.Ordinal);
        Assert.Contains("--lat", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_option_is_named()
    {
        var result = await GsctlRunner.RunAsync(["orbit", "passes", "--tle", GsctlRunner.SampleCatalog, "--lat", "10", "--alt-m", "0", .. Day]);

        AssertInputError(result, "gsctl orbit passes: error: missing required option --lon.");
    }

    [Fact]
    public async Task A_time_that_is_not_iso_8601_is_named()
    {
        var result = await GsctlRunner.RunAsync(["orbit", "propagate", "--tle", GsctlRunner.SampleCatalog, "--at", "2014-01-23T00:00:00Z,23/01/2014"]);

        AssertInputError(result, "gsctl orbit propagate: error: --at: '23/01/2014' is not an ISO-8601 time such as 2014-01-23T00:00:00Z.");
    }

    [Fact]
    public async Task Propagate_needs_exactly_one_way_of_giving_times()
    {
        var both = await GsctlRunner.RunAsync(
            ["orbit", "propagate", "--tle", GsctlRunner.SampleCatalog, "--at", "2014-01-23T00:00:00Z", "--step", "60"]);
        var neither = await GsctlRunner.RunAsync(["orbit", "propagate", "--tle", GsctlRunner.SampleCatalog]);

        AssertInputError(both, "gsctl orbit propagate: error: give either --at or --from/--to/--step, not both.");
        AssertInputError(neither, "gsctl orbit propagate: error: give the times: --at T1[,T2,...] or --from T --to T --step SECONDS.");
    }

    [Fact]
    public async Task An_unknown_format_is_refused()
    {
        var result = await GsctlRunner.RunAsync(["orbit", "propagate", "--tle", GsctlRunner.SampleCatalog, "--at", "2014-01-23T00:00:00Z", "--format", "xml"]);

        AssertInputError(result, "gsctl orbit propagate: error: --format: 'xml' is not one of csv, json.");
    }

    [Fact]
    public async Task A_partly_bad_catalog_warns_once_per_bad_entry_and_processes_the_rest()
    {
        using var catalog = new TempCatalog(
            "BROKEN ONE",
            TempCatalog.IssLine1[..68] + "0",
            TempCatalog.IssLine2,
            TempCatalog.IssName,
            TempCatalog.IssLine1,
            TempCatalog.IssLine2,
            "BROKEN TWO",
            "1 25544U 98067A   14020.9326851X  .00009878  00000-0  18200-3 0  5082",
            TempCatalog.IssLine2);

        var result = await GsctlRunner.RunAsync(["orbit", "propagate", "--tle", catalog.Path, "--at", "2014-01-23T00:00:00Z"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, result.ErrorLines.Length);
        Assert.StartsWith($"gsctl orbit propagate: warning: {catalog.Path} line 2: ", result.ErrorLines[0], StringComparison.Ordinal);
        Assert.StartsWith($"gsctl orbit propagate: warning: {catalog.Path} line 8: ", result.ErrorLines[1], StringComparison.Ordinal);
        var rows = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, rows.Length);
        Assert.StartsWith("25544,2014-01-23T00:00:00.000Z,", rows[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Orbit_without_a_subcommand_says_which_exist()
    {
        AssertInputError(await GsctlRunner.RunAsync("orbit"), "gsctl orbit: error: name a subcommand: propagate or passes");
    }

    private static void AssertInputError(GsctlResult result, string expectedStart)
    {
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith(expectedStart, line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }
}
