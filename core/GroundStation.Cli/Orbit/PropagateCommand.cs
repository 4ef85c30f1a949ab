using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using GroundStation.Orbits;
using GroundStation.Orbits.Propagation;

namespace GroundStation.Cli.Orbit;

/// <summary><c>gsctl orbit propagate</c>: TEME states of every catalog entry at the times asked for.</summary>
internal static class PropagateCommand
{
    /// <summary>The CSV header, part of the command's contract.</summary>
    public const string CsvHeader = "norad,utc,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s,error";

    // A guard against a typo such as --step 0.001 over a year producing billions of rows.
    private const int MaxTimes = 10_000_000;

    public static Command Create()
    {
        var tle = new Option<string>("--tle") { Description = "TLE or 3LE catalog file." };
        var at = new Option<string>("--at") { Description = "Comma-separated ISO-8601 UTC times, e.g. 2014-01-23T00:00:00Z,2014-01-23T00:01:00Z." };
        var from = new Option<string>("--from") { Description = "First time of a regular series (ISO-8601 UTC)." };
        var to = new Option<string>("--to") { Description = "Last time of a regular series (ISO-8601 UTC), inclusive." };
        var step = new Option<double>("--step") { Description = "Step of the series, seconds." };
        var format = new Option<string>("--format") { Description = "csv (default) or json." };
        var command = new Command("propagate", "TEME position and velocity of every catalog entry at the given times.")
        {
            tle, at, from, to, step, format,
        };

        OrbitCommand.SetInputCheckedAction(command, async (parse, output, error, cancellationToken) =>
        {
            var outputFormat = CliOptions.Format(parse, format, "csv", "json");
            var times = Times(parse, at, from, to, step);
            var catalog = SatelliteCatalog.Load(CliOptions.Required(parse, tle), error, command.Name);
            var rows = Rows(catalog.Select(entry => entry.Elements), times);
            if (outputFormat == "json")
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(rows.ToList(), OrbitJsonContext.Default.ListStateRow).AsMemory(), cancellationToken);
            }
            else
            {
                await output.WriteLineAsync(CsvHeader);
                foreach (var row in rows)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await output.WriteLineAsync(ToCsv(row));
                }
            }
        });
        return command;
    }

    private static IReadOnlyList<DateTimeOffset> Times(
        ParseResult parse, Option<string> at, Option<string> from, Option<string> to, Option<double> step)
    {
        var series = CliOptions.IsGiven(parse, from) || CliOptions.IsGiven(parse, to) || CliOptions.IsGiven(parse, step);
        if (CliOptions.IsGiven(parse, at))
        {
            if (series)
            {
                throw new CliInputException("give either --at or --from/--to/--step, not both.");
            }

            return [.. CliOptions.Required(parse, at)
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(text => CliTime.Parse(text, "--at"))];
        }

        if (!series)
        {
            throw new CliInputException("give the times: --at T1[,T2,...] or --from T --to T --step SECONDS.");
        }

        var start = CliTime.Parse(CliOptions.Required(parse, from), "--from");
        var end = CliTime.Parse(CliOptions.Required(parse, to), "--to");
        var stepSeconds = CliOptions.Required(parse, step);
        if (start > end)
        {
            throw new CliInputException($"--from {CliTime.Format(start)} is after --to {CliTime.Format(end)}.");
        }

        if (!(stepSeconds > 0) || !double.IsFinite(stepSeconds))
        {
            throw new CliInputException($"--step: {stepSeconds.ToString(CultureInfo.InvariantCulture)} is not a positive number of seconds.");
        }

        var count = Math.Floor((end - start).TotalSeconds / stepSeconds) + 1;
        if (count > MaxTimes)
        {
            throw new CliInputException($"--step: {count:F0} times between --from and --to; at most {MaxTimes} are allowed.");
        }

        return [.. Enumerable.Range(0, (int)count).Select(i => start.AddTicks((long)Math.Round(i * stepSeconds * TimeSpan.TicksPerSecond)))];
    }

    private static IEnumerable<StateRow> Rows(IEnumerable<GroundStation.Orbits.Elements.OrbitalElements> satellites, IReadOnlyList<DateTimeOffset> times)
    {
        foreach (var elements in satellites)
        {
            var propagator = Sgp4Propagator.Create(elements);
            foreach (var time in times)
            {
                var result = propagator.Propagate(JulianDate.FromDateTime(time));
                var utc = CliTime.Format(time);
                var norad = elements.Id.Value;
                yield return result.IsSuccess
                    ? new StateRow(
                        norad,
                        utc,
                        result.State.PositionKm.X,
                        result.State.PositionKm.Y,
                        result.State.PositionKm.Z,
                        result.State.VelocityKmPerSecond.X,
                        result.State.VelocityKmPerSecond.Y,
                        result.State.VelocityKmPerSecond.Z,
                        0)
                    : new StateRow(norad, utc, null, null, null, null, null, null, (int)result.Error);
            }
        }
    }

    private static string ToCsv(StateRow row)
    {
        static string Number(double? value, string format) =>
            value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : string.Empty;

        return string.Join(
            ',',
            row.Norad.ToString(CultureInfo.InvariantCulture),
            row.Utc,
            Number(row.XKm, "F8"),
            Number(row.YKm, "F8"),
            Number(row.ZKm, "F8"),
            Number(row.VxKmPerSecond, "F9"),
            Number(row.VyKmPerSecond, "F9"),
            Number(row.VzKmPerSecond, "F9"),
            row.Error.ToString(CultureInfo.InvariantCulture));
    }
}
