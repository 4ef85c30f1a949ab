using GroundStation.Orbits;
using GroundStation.Orbits.Elements;

namespace GroundStation.Testing.Orbits;

/// <summary>The orbit classes <see cref="SyntheticCatalog"/> generates.</summary>
public enum SyntheticOrbitClass
{
    /// <summary>Low Earth orbit, 300-1,200 km, near-circular, any inclination (SGP4 near-Earth).</summary>
    Leo,

    /// <summary>Medium Earth orbit, GPS/Galileo-like 12-14 h periods (SDP4, not resonant).</summary>
    Meo,

    /// <summary>Geostationary, 24 h period, low eccentricity and inclination (SDP4, 24 h resonance).</summary>
    Geo,

    /// <summary>Molniya-type highly elliptical 12 h orbit, e about 0.7, i about 63.4 deg (SDP4, 12 h resonance).</summary>
    Heo,
}

/// <summary>
/// A deterministic, generated satellite catalog for benchmarks and property tests: by default about 75% LEO, the rest
/// split between MEO, GEO and Molniya-type HEO, all with plausible elements and drag terms. The same seed always gives
/// the same catalog, so figures measured on it are comparable between runs and machines.
/// </summary>
public static class SyntheticCatalog
{
    /// <summary>The epoch every generated element set starts within a day of: 2024-01-01T00:00Z.</summary>
    public static JulianDate BaseEpoch { get; } =
        JulianDate.FromDateTime(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Generates <paramref name="count"/> element sets: 75% LEO, then MEO, GEO and HEO in equal parts.</summary>
    public static IReadOnlyList<OrbitalElements> Generate(int count = 1000, int seed = 20240101)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(seed);
        var result = new List<OrbitalElements>(count);
        var leo = (int)Math.Round(count * 0.75);
        var rest = count - leo;
        for (var i = 0; i < count; i++)
        {
            var kind = i < leo ? SyntheticOrbitClass.Leo : (SyntheticOrbitClass)(1 + ((i - leo) * 3 / Math.Max(rest, 1)));
            result.Add(Generate(random, kind, i + 1));
        }

        return result;
    }

    /// <summary>The class of an element set generated here, judged from its mean motion and eccentricity.</summary>
    public static SyntheticOrbitClass Classify(OrbitalElements elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        return elements.MeanMotionRevPerDay switch
        {
            > 6.0 => SyntheticOrbitClass.Leo,
            < 1.1 => SyntheticOrbitClass.Geo,
            _ => elements.Eccentricity > 0.5 ? SyntheticOrbitClass.Heo : SyntheticOrbitClass.Meo,
        };
    }

    /// <summary>One element set of the given class with catalog number <paramref name="id"/>.</summary>
    public static OrbitalElements Generate(Random random, SyntheticOrbitClass kind, int id)
    {
        ArgumentNullException.ThrowIfNull(random);
        double meanMotion, eccentricity, inclination, bstar, ndot;
        switch (kind)
        {
            case SyntheticOrbitClass.Leo:
                var altitudeKm = Uniform(random, 300, 1200);
                meanMotion = MeanMotionForSemiMajorAxis(6378.135 + altitudeKm);
                eccentricity = Uniform(random, 0.0001, 0.02);
                inclination = random.Next(4) == 0 ? Uniform(random, 96, 100) : Uniform(random, 0, 100);
                bstar = Uniform(random, 1e-5, 5e-4) * (1200 - altitudeKm) / 900;
                ndot = bstar * 0.05;
                break;
            case SyntheticOrbitClass.Meo:
                meanMotion = Uniform(random, 1.7, 2.0056);
                eccentricity = Uniform(random, 0.0001, 0.02);
                inclination = Uniform(random, 52, 65);
                bstar = 0;
                ndot = Uniform(random, -1e-7, 1e-7);
                break;
            case SyntheticOrbitClass.Geo:
                meanMotion = Uniform(random, 1.0025, 1.0029);
                eccentricity = Uniform(random, 0.00001, 0.001);
                inclination = Uniform(random, 0, 5);
                bstar = 0;
                ndot = Uniform(random, -3e-6, 3e-6);
                break;
            case SyntheticOrbitClass.Heo:
                meanMotion = Uniform(random, 2.0, 2.01);
                eccentricity = Uniform(random, 0.65, 0.74);
                inclination = Uniform(random, 62.8, 64.8);
                bstar = Uniform(random, 0, 2e-4);
                ndot = Uniform(random, -1e-6, 1e-6);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown orbit class.");
        }

        return new OrbitalElements(
            new NoradId(id),
            $"SYNTH-{kind.ToString().ToUpperInvariant()} {id}",
            'U',
            string.Empty,
            BaseEpoch.AddDays(Uniform(random, 0, 1)),
            ndot,
            0.0,
            bstar,
            999,
            inclination,
            Uniform(random, 0, 360),
            eccentricity,
            Uniform(random, 0, 360),
            Uniform(random, 0, 360),
            meanMotion,
            random.Next(0, 50_000));
    }

    private static double Uniform(Random random, double min, double max) => min + (random.NextDouble() * (max - min));

    /// <summary>Revolutions per day of a Keplerian orbit (WGS-72 mu) with the given semi-major axis in km.</summary>
    private static double MeanMotionForSemiMajorAxis(double semiMajorAxisKm) =>
        Math.Sqrt(398600.8 / (semiMajorAxisKm * semiMajorAxisKm * semiMajorAxisKm)) * 86400.0 / (2 * Math.PI);
}
