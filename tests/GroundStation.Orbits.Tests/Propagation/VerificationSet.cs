using System.Globalization;
using GroundStation.Orbits.Elements;

namespace GroundStation.Orbits.Tests.Propagation;

/// <summary>
/// The Vallado et al. (2006) verification set: SGP4-VER.TLE (cases with start/stop/step after column 69 of line 2)
/// and tcppver.out (the reference C++ output), read from ../shared/data/sgp4 beside the repository.
/// </summary>
public static class VerificationSet
{
    /// <summary>Satellites whose checksums the set breaks on purpose.</summary>
    public static readonly IReadOnlySet<int> DeliberatelyBadChecksums = new HashSet<int> { 33333, 33334, 33335 };

    private static readonly Lazy<IReadOnlyList<VerificationCase>> LazyCases = new(Load);

    public static IReadOnlyList<VerificationCase> Cases => LazyCases.Value;

    public static string Directory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GroundStation.sln")))
            {
                dir = dir.Parent;
            }

            if (dir?.Parent is null)
            {
                throw new InvalidOperationException(
                    $"GroundStation.sln not found above {AppContext.BaseDirectory}; the SGP4 verification data is " +
                    "expected in ../shared/data/sgp4 relative to the repository root.");
            }

            // ../shared/data/sgp4 beside the checkout; a git worktree sits one level deeper, so look further up too.
            var expected = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "sgp4"));
            for (var root = dir.Parent; root is not null; root = root.Parent)
            {
                var candidate = Path.Combine(root.FullName, "shared", "data", "sgp4");
                if (File.Exists(Path.Combine(candidate, "SGP4-VER.TLE")) && File.Exists(Path.Combine(candidate, "tcppver.out")))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException(
                $"The SGP4 verification set (SGP4-VER.TLE, tcppver.out) was expected in {expected}; see its SOURCE.md.");
        }
    }

    public static string TleFile => Path.Combine(Directory, "SGP4-VER.TLE");

    /// <summary>The raw line pairs of SGP4-VER.TLE (line 2 still carries start/stop/step) with their file line numbers.</summary>
    public static IReadOnlyList<(string Line1, string Line2, int FileLine)> RawPairs()
    {
        var lines = File.ReadAllText(TleFile).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var pairs = new List<(string, string, int)>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("1 ", StringComparison.Ordinal))
            {
                pairs.Add((lines[i], lines[i + 1], i + 1));
                i++;
            }
        }

        return pairs;
    }

    private static List<VerificationCase> Load()
    {
        var rows = ReadReference(Path.Combine(Directory, "tcppver.out"));
        var pairs = RawPairs();
        if (pairs.Count != rows.Count)
        {
            throw new InvalidOperationException(
                $"SGP4-VER.TLE has {pairs.Count} element sets but tcppver.out {rows.Count} blocks.");
        }

        var cases = new List<VerificationCase>();
        for (var i = 0; i < pairs.Count; i++)
        {
            var (line1, line2, _) = pairs[i];
            var options = new TleParseOptions
            {
                IgnoreTextAfterColumn69 = true,
                AcceptBadChecksums = DeliberatelyBadChecksums.Contains(int.Parse(line1[2..7], CultureInfo.InvariantCulture)),
            };
            var tle = TleParser.Parse(line1, line2, options: options);
            var times = line2[69..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            if (rows[i].Satellite != tle.Elements.Id.Value)
            {
                throw new InvalidOperationException(
                    $"Block {i + 1} of tcppver.out is for {rows[i].Satellite}, the TLE for {tle.Elements.Id}.");
            }

            cases.Add(new VerificationCase(i, tle, times[0], times[1], times[2], rows[i].Rows));
        }

        return cases;
    }

    private static List<(int Satellite, List<ReferenceRow> Rows)> ReadReference(string path)
    {
        var blocks = new List<(int, List<ReferenceRow>)>();
        foreach (var line in File.ReadLines(path))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }

            if (fields.Length == 2 && fields[1] == "xx")
            {
                blocks.Add((int.Parse(fields[0], CultureInfo.InvariantCulture), []));
                continue;
            }

            var v = fields.Take(7).Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            blocks[^1].Item2.Add(new ReferenceRow(v[0], new Vector3D(v[1], v[2], v[3]), new Vector3D(v[4], v[5], v[6])));
        }

        return blocks;
    }
}

/// <summary>One reference state: minutes since epoch, position km, velocity km/s (TEME).</summary>
public sealed record ReferenceRow(double MinutesSinceEpoch, Vector3D PositionKm, Vector3D VelocityKmPerSecond);

/// <summary>One element set of the verification set with its time span and the reference rows.</summary>
public sealed record VerificationCase(
    int Index, Tle Tle, double StartMinutes, double StopMinutes, double StepMinutes, IReadOnlyList<ReferenceRow> Rows)
{
    /// <summary>
    /// The times the reference driver (testcpp) evaluates: epoch first, then from start (or one step after epoch when
    /// start is zero) in steps, the last step cut to stop.
    /// </summary>
    public IEnumerable<double> ReferenceTimes()
    {
        yield return 0.0;
        var t = StartMinutes;
        if (Math.Abs(t) > 1.0e-8)
        {
            t -= StepMinutes;
        }

        while (t < StopMinutes)
        {
            t += StepMinutes;
            if (t > StopMinutes)
            {
                t = StopMinutes;
            }

            yield return t;
        }
    }

    public override string ToString() => $"{Tle.Elements.Id} (set {Index + 1})";
}
