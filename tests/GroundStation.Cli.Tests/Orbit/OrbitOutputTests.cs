using System.Globalization;
using System.Text.Json;
using GroundStation.Orbits;
using GroundStation.Orbits.Elements;
using GroundStation.Orbits.Propagation;

namespace GroundStation.Cli.Tests.Orbit;

public class OrbitOutputTests
{
    private static readonly string[] IssDay =
    [
        "orbit", "passes", "--tle", GsctlRunner.SampleCatalog, "--lat", "40.8939", "--lon", "-83.8917", "--alt-m", "0",
        "--from", "2014-01-23T00:00:00Z", "--to", "2014-01-24T00:00:00Z", "--min-elevation", "30",
    ];

    [Fact]
    public async Task Passes_as_json_have_the_contract_fields_and_the_iss_times_of_skyfields_documentation()
    {
        var result = await GsctlRunner.RunAsync([.. IssDay, "--format", "json"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var passes = json.RootElement.EnumerateArray().ToList();
        foreach (var pass in passes)
        {
            Assert.Equal(
                ["norad", "name", "aos", "tca", "los", "maxElevationDeg", "aosAzimuthDeg", "losAzimuthDeg"],
                pass.EnumerateObject().Select(p => p.Name));
        }

        var iss = passes.Where(p => p.GetProperty("norad").GetInt32() == 25544).ToList();
        Assert.Equal(2, iss.Count);
        Assert.Equal("ISS (ZARYA)", iss[0].GetProperty("name").GetString());
        AssertNear("2014-01-23T06:25:37Z", iss[0].GetProperty("aos").GetString());
        AssertNear("2014-01-23T06:26:58Z", iss[0].GetProperty("tca").GetString());
        AssertNear("2014-01-23T06:28:19Z", iss[0].GetProperty("los").GetString());
        AssertNear("2014-01-23T12:54:56Z", iss[1].GetProperty("aos").GetString());
        Assert.InRange(iss[1].GetProperty("maxElevationDeg").GetDouble(), 30, 90);
        var aosTimes = passes.Select(p => DateTimeOffset.Parse(p.GetProperty("aos").GetString()!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(aosTimes.Order(), aosTimes);
    }

    [Fact]
    public async Task Passes_as_a_table_are_one_line_per_pass_under_a_header_with_clipped_passes_noted()
    {
        var result = await GsctlRunner.RunAsync([.. IssDay]);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith(" NORAD  NAME", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, line => line.Contains("ISS (ZARYA)    2014-01-23 06:25:3", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("SYNTH GEO 75W", StringComparison.Ordinal) && line.EndsWith("in view all window", StringComparison.Ordinal));
        Assert.Matches(@"^\d+ passes; ", lines[^1]);
    }

    [Fact]
    public async Task Propagate_csv_has_the_contract_header_and_one_row_per_satellite_per_time()
    {
        var result = await GsctlRunner.RunAsync(
            ["orbit", "propagate", "--tle", GsctlRunner.SampleCatalog, "--from", "2014-01-23T00:00:00Z", "--to", "2014-01-23T00:10:00Z", "--step", "300"]);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("norad,utc,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s,error", lines[0]);
        Assert.Equal(1 + (5 * 3), lines.Length);
        var iss = lines[3].Split(',');
        Assert.Equal(["25544", "2014-01-23T00:10:00.000Z"], iss[..2]);
        var expected = Sgp4Propagator.Create(TleParser.Parse(
                "1 25544U 98067A   14020.93268519  .00009878  00000-0  18200-3 0  5082",
                "2 25544  51.6498 109.4756 0003572  55.9686 274.8005 15.49815350868473").Elements)
            .Propagate(JulianDate.FromDateTime(new DateTimeOffset(2014, 1, 23, 0, 10, 0, TimeSpan.Zero))).State;
        Assert.Equal(expected.PositionKm.X, double.Parse(iss[2], CultureInfo.InvariantCulture), 1e-8);
        Assert.Equal(expected.VelocityKmPerSecond.Z, double.Parse(iss[7], CultureInfo.InvariantCulture), 1e-9);
        Assert.Equal("0", iss[8]);
    }

    [Fact]
    public async Task Propagate_reports_a_decayed_satellite_by_its_sgp4_error_code_with_no_state()
    {
        using var catalog = new TempCatalog(
            "DECAYING",
            "1 99100U 14900Z   14022.50000000  .01000000  00000-0  10000-1 0  9990",
            "2 99100  51.6000 100.0000 0005000  10.0000  20.0000 16.30000000  1003");

        var csv = await GsctlRunner.RunAsync(["orbit", "propagate", "--tle", catalog.Path, "--at", "2014-01-22T12:00:00Z,2014-02-22T12:00:00Z"]);
        var json = await GsctlRunner.RunAsync(["orbit", "propagate", "--tle", catalog.Path, "--at", "2014-02-22T12:00:00Z", "--format", "json"]);

        var rows = csv.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",0", rows[1], StringComparison.Ordinal);
        Assert.Matches(@"^99100,2014-02-22T12:00:00\.000Z,,,,,,,[1-6]$", rows[2]);
        using var document = JsonDocument.Parse(json.Output);
        var row = Assert.Single(document.RootElement.EnumerateArray());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("x_km").ValueKind);
        Assert.InRange(row.GetProperty("error").GetInt32(), 1, 6);
    }

    [Fact]
    public async Task Passes_warn_when_a_satellite_stops_propagating_and_keep_the_passes_before()
    {
        using var catalog = new TempCatalog(
            "DECAYING",
            "1 99100U 14900Z   14022.50000000  .01000000  00000-0  10000-1 0  9990",
            "2 99100  51.6000 100.0000 0005000  10.0000  20.0000 16.30000000  1003");

        var result = await GsctlRunner.RunAsync(
            ["orbit", "passes", "--tle", catalog.Path, "--lat", "10", "--lon", "10", "--alt-m", "0", "--from", "2014-01-22T12:00:00Z", "--to", "2014-01-29T12:00:00Z", "--format", "json"]);

        Assert.Equal(0, result.ExitCode);
        var warning = Assert.Single(result.ErrorLines);
        Assert.StartsWith("gsctl orbit passes: warning: 99100 DECAYING: SGP4 error ", warning, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(result.Output);
        Assert.NotEmpty(document.RootElement.EnumerateArray());
    }

    [Fact]
    public async Task Propagate_json_has_the_csv_field_names()
    {
        var result = await GsctlRunner.RunAsync(["orbit", "propagate", "--tle", GsctlRunner.SampleCatalog, "--at", "2014-01-23T00:00:00Z", "--format", "json"]);

        using var document = JsonDocument.Parse(result.Output);
        var rows = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(5, rows.Count);
        Assert.Equal(
            ["norad", "utc", "x_km", "y_km", "z_km", "vx_km_s", "vy_km_s", "vz_km_s", "error"],
            rows[0].EnumerateObject().Select(p => p.Name));
    }

    private static void AssertNear(string expected, string? actual)
    {
        var difference = DateTimeOffset.Parse(actual!, CultureInfo.InvariantCulture) - DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(difference.TotalSeconds) <= 1.5, $"expected {expected}, got {actual}");
    }
}
