using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GroundStation.Orbits;
using GroundStation.Orbits.Elements;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Passes;
using GroundStation.Orbits.Propagation;

namespace GroundStation.Cli.Orbit;

/// <summary><c>gsctl orbit passes</c>: every pass of every catalog entry over one station in a window.</summary>
internal static class PassesCommand
{
    /// <summary>Default threshold: 10 degrees is where most stations start working (terrain, multipath, noise).</summary>
    public const double DefaultMinimumElevationDeg = 10.0;

    public static Command Create()
    {
        var tle = new Option<string>("--tle") { Description = "TLE or 3LE catalog file." };
        var latitude = new Option<double>("--lat") { Description = "Station geodetic latitude, degrees north (-90 to 90)." };
        var longitude = new Option<double>("--lon") { Description = "Station longitude, degrees east (-180 to 180)." };
        var altitude = new Option<double>("--alt-m") { Description = "Station height above the WGS-84 ellipsoid, metres." };
        var from = new Option<string>("--from") { Description = "Start of the window (ISO-8601 UTC)." };
        var to = new Option<string>("--to") { Description = "End of the window (ISO-8601 UTC)." };
        var minimumElevation = new Option<double>("--min-elevation")
        {
            Description = "Elevation a satellite must exceed, degrees (default 10).",
            DefaultValueFactory = _ => DefaultMinimumElevationDeg,
        };
        var format = new Option<string>("--format") { Description = "table (default) or json." };
        var command = new Command("passes", "Passes of every catalog entry over a station: AOS, culmination, LOS.")
        {
            tle, latitude, longitude, altitude, from, to, minimumElevation, format,
        };

        OrbitCommand.SetInputCheckedAction(command, async (parse, output, error, cancellationToken) =>
        {
            var outputFormat = CliOptions.Format(parse, format, "table", "json");
            var site = new GroundStationSite(
                new GeodeticPosition(
                    CliOptions.Domain("--lat", CliOptions.Required(parse, latitude), v => new Latitude(v)),
                    CliOptions.Domain("--lon", CliOptions.Required(parse, longitude), v => new Longitude(v)),
                    CliOptions.Domain("--alt-m", CliOptions.Required(parse, altitude), Altitude)),
                CliOptions.Domain("--min-elevation", parse.GetValue(minimumElevation), v => new Elevation(v)));
            var start = CliTime.Parse(CliOptions.Required(parse, from), "--from");
            var end = CliTime.Parse(CliOptions.Required(parse, to), "--to");
            if (end <= start)
            {
                throw new CliInputException($"--from {CliTime.Format(start)} is not before --to {CliTime.Format(end)}.");
            }

            var catalog = SatelliteCatalog.Load(CliOptions.Required(parse, tle), error, command.Name);
            var passes = await Task.Run(() => Predict(catalog, site, new TimeWindow(start, end), error), cancellationToken);
            var text = outputFormat == "json"
                ? JsonSerializer.Serialize(passes.Select(ToRow).ToList(), OrbitJsonContext.Default.ListPassRow)
                : Table(passes);
            await output.WriteLineAsync(text.AsMemory(), cancellationToken);
        });
        return command;
    }

    private static double Altitude(double metres) =>
        double.IsFinite(metres) && metres is > -11_000 and < 100_000
            ? metres
            : throw new ArgumentOutOfRangeException(nameof(metres), metres, "A station height is between -11,000 and 100,000 metres.");

    private static List<(Tle Entry, SatellitePass Pass)> Predict(IReadOnlyList<Tle> catalog, GroundStationSite site, TimeWindow window, TextWriter warnings)
    {
        var ephemerides = catalog.Select(entry => new Sgp4Ephemeris(Sgp4Propagator.Create(entry.Elements))).ToArray();
        var predictions = PassPredictor.PredictMany(ephemerides, [site], window);
        var passes = new List<(Tle, SatellitePass)>();
        for (var i = 0; i < catalog.Count; i++)
        {
            var prediction = predictions[i][0];
            if (prediction.PropagationFailedAt is { } failedAt)
            {
                var code = ephemerides[i].Propagator.Propagate(JulianDate.FromDateTime(failedAt)).Error;
                warnings.WriteLine(
                    $"gsctl orbit passes: warning: {catalog[i].Elements.Id} {catalog[i].Name}: SGP4 error {(int)code} ({code}) from {CliTime.Format(failedAt)}; no passes after that.");
            }

            passes.AddRange(prediction.Passes.Select(pass => (catalog[i], pass)));
        }

        return [.. passes.OrderBy(p => p.Item2.Aos).ThenBy(p => p.Item1.Elements.Id.Value)];
    }

    private static PassRow ToRow((Tle Entry, SatellitePass Pass) item) => new(
        item.Entry.Elements.Id.Value,
        item.Entry.Name,
        CliTime.Format(item.Pass.Aos),
        CliTime.Format(item.Pass.Tca),
        CliTime.Format(item.Pass.Los),
        Math.Round(item.Pass.MaxElevation.Degrees, 3),
        Math.Round(item.Pass.AosAzimuth.Degrees, 3),
        Math.Round(item.Pass.LosAzimuth.Degrees, 3));

    private static string Table(List<(Tle Entry, SatellitePass Pass)> passes)
    {
        if (passes.Count == 0)
        {
            return "No passes in the window.";
        }

        var nameWidth = Math.Max(4, passes.Max(p => (p.Entry.Name ?? string.Empty).Length));
        var text = new StringBuilder();
        var header = string.Format(
            CultureInfo.InvariantCulture,
            "{0,6}  {1}  {2,-19}  {3}  {4}  {5,6}  {6,6}  {7,6}  {8}",
            "NORAD", "NAME".PadRight(nameWidth), "AOS (UTC)", "TCA       ", "LOS       ", "MAX EL", "AOS AZ", "LOS AZ", "NOTE");
        text.AppendLine(header.TrimEnd());
        foreach (var (entry, pass) in passes)
        {
            var line = string.Format(
                CultureInfo.InvariantCulture,
                "{0,6}  {1}  {2:yyyy-MM-dd HH:mm:ss}  {3}  {4}  {5,6:F1}  {6,6:F1}  {7,6:F1}  {8}",
                entry.Elements.Id,
                (entry.Name ?? string.Empty).PadRight(nameWidth),
                ToNearestSecond(pass.Aos),
                TimeOfDay(pass.Tca, pass.Aos),
                TimeOfDay(pass.Los, pass.Aos),
                pass.MaxElevation.Degrees,
                pass.AosAzimuth.Degrees,
                pass.LosAzimuth.Degrees,
                Note(pass));
            text.AppendLine(line.TrimEnd());
        }

        text.Append(CultureInfo.InvariantCulture, $"{passes.Count} {(passes.Count == 1 ? "pass" : "passes")}; times rounded to the second, angles in degrees.");
        return text.ToString();
    }

    private static DateTime ToNearestSecond(DateTimeOffset instant) =>
        new((instant.UtcTicks + (TimeSpan.TicksPerSecond / 2)) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    // A time on a later day than the AOS carries "+N" days, so a long pass stays unambiguous in a narrow column.
    private static string TimeOfDay(DateTimeOffset instant, DateTimeOffset aos)
    {
        var time = ToNearestSecond(instant);
        var days = (time.Date - ToNearestSecond(aos).Date).Days;
        var text = time.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        return days == 0 ? text + "  " : text + "+" + days.ToString(CultureInfo.InvariantCulture);
    }

    private static string Note(SatellitePass pass) => pass.Clipping switch
    {
        PassClipping.None => string.Empty,
        _ when pass.CoversWholeWindow => "in view all window",
        _ => string.Join(", ", new[]
        {
            pass.Clipping.HasFlag(PassClipping.InProgressAtStart) ? "in view at start" : null,
            pass.Clipping.HasFlag(PassClipping.InProgressAtEnd) ? "in view at end" : null,
            pass.Clipping.HasFlag(PassClipping.EndedByPropagationError) ? "propagation failed" : null,
        }.OfType<string>()),
    };
}
