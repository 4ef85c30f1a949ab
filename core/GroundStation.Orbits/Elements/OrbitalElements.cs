using System.Globalization;

namespace GroundStation.Orbits.Elements;

/// <summary>
/// One set of mean orbital elements as a TLE or OMM carries them, in their published units (degrees, revolutions per
/// day). Every value is range-checked when set, so an instance is always usable by the propagator's initialisation.
/// </summary>
public sealed record OrbitalElements
{
    /// <summary>Creates an element set; every argument is checked (see each property for its range).</summary>
    /// <exception cref="ArgumentException">A value is out of its range; the message names the element and the range.</exception>
    public OrbitalElements(
        NoradId id,
        string? name,
        char classification,
        string internationalDesignator,
        JulianDate epoch,
        double meanMotionDot,
        double meanMotionDdot,
        double bStar,
        int elementSetNumber,
        double inclinationDeg,
        double raanDeg,
        double eccentricity,
        double argPerigeeDeg,
        double meanAnomalyDeg,
        double meanMotionRevPerDay,
        int revolutionNumber)
    {
        Id = id;
        Name = name;
        Classification = classification;
        InternationalDesignator = internationalDesignator;
        Epoch = epoch;
        MeanMotionDot = meanMotionDot;
        MeanMotionDdot = meanMotionDdot;
        BStar = bStar;
        ElementSetNumber = elementSetNumber;
        InclinationDeg = inclinationDeg;
        RaanDeg = raanDeg;
        Eccentricity = eccentricity;
        ArgPerigeeDeg = argPerigeeDeg;
        MeanAnomalyDeg = meanAnomalyDeg;
        MeanMotionRevPerDay = meanMotionRevPerDay;
        RevolutionNumber = revolutionNumber;
    }

    /// <summary>The catalog number.</summary>
    public NoradId Id { get; init; }

    /// <summary>The object name (3LE line 0 or OMM OBJECT_NAME), if known.</summary>
    public string? Name { get; init; }

    /// <summary>Security classification: 'U' (unclassified), 'C' (classified) or 'S' (secret).</summary>
    public char Classification
    {
        get;
        init => field = value is 'U' or 'C' or 'S'
            ? value
            : throw new ArgumentException($"Classification must be U, C or S, not '{value}'.");
    }

    /// <summary>COSPAR designator in TLE form (YYNNNPPP, e.g. "98067A"), or empty when the source gives none.</summary>
    public string InternationalDesignator
    {
        get;
        init => field = IsDesignator(value)
            ? value
            : throw new ArgumentException(
                $"International designator must be empty or YYNNN followed by 1-3 letters, not '{value}'.");
    } = string.Empty;

    /// <summary>The epoch of the elements (UTC).</summary>
    public JulianDate Epoch { get; init; }

    /// <summary>First derivative of the mean motion divided by two, rev/day^2 (the TLE's ndot/2 field).</summary>
    public double MeanMotionDot
    {
        get;
        init => field = Finite(value, nameof(MeanMotionDot));
    }

    /// <summary>Second derivative of the mean motion divided by six, rev/day^3 (the TLE's nddot/6 field).</summary>
    public double MeanMotionDdot
    {
        get;
        init => field = Finite(value, nameof(MeanMotionDdot));
    }

    /// <summary>SGP4 drag term B*, 1/Earth radii.</summary>
    public double BStar
    {
        get;
        init => field = Finite(value, nameof(BStar));
    }

    /// <summary>Element set number, 0 to 9999.</summary>
    public int ElementSetNumber
    {
        get;
        init => field = value is >= 0 and <= 9999
            ? value
            : throw OutOfRange(nameof(ElementSetNumber), value, "between 0 and 9999");
    }

    /// <summary>Inclination, degrees in [0, 180].</summary>
    public double InclinationDeg
    {
        get;
        init => field = value is >= 0.0 and <= 180.0 ? value : throw OutOfRange(nameof(InclinationDeg), value, "in [0, 180] degrees");
    }

    /// <summary>Right ascension of the ascending node, degrees in [0, 360].</summary>
    public double RaanDeg
    {
        get;
        init => field = Angle(value, nameof(RaanDeg));
    }

    /// <summary>Eccentricity in [0, 1).</summary>
    public double Eccentricity
    {
        get;
        init => field = value is >= 0.0 and < 1.0 ? value : throw OutOfRange(nameof(Eccentricity), value, "in [0, 1)");
    }

    /// <summary>Argument of perigee, degrees in [0, 360].</summary>
    public double ArgPerigeeDeg
    {
        get;
        init => field = Angle(value, nameof(ArgPerigeeDeg));
    }

    /// <summary>Mean anomaly, degrees in [0, 360].</summary>
    public double MeanAnomalyDeg
    {
        get;
        init => field = Angle(value, nameof(MeanAnomalyDeg));
    }

    /// <summary>Mean motion (Kozai), revolutions per day; positive and finite.</summary>
    public double MeanMotionRevPerDay
    {
        get;
        init => field = value > 0.0 && double.IsFinite(value)
            ? value
            : throw OutOfRange(nameof(MeanMotionRevPerDay), value, "positive and finite");
    }

    /// <summary>Revolution number at epoch, 0 or more (a TLE carries it modulo 100000).</summary>
    public int RevolutionNumber
    {
        get;
        init => field = value >= 0 ? value : throw OutOfRange(nameof(RevolutionNumber), value, "0 or more");
    }

    /// <summary>True for an empty string or the YYNNN + 1-3 letters form of a TLE designator.</summary>
    internal static bool IsDesignator(string? value)
    {
        if (value is null)
        {
            return false;
        }

        if (value.Length == 0)
        {
            return true;
        }

        if (value.Length is < 6 or > 8)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var ok = i < 5 ? char.IsAsciiDigit(value[i]) : char.IsAsciiLetterUpper(value[i]);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static double Finite(double value, string name) =>
        double.IsFinite(value) ? value : throw OutOfRange(name, value, "a finite number");

    private static double Angle(double value, string name) =>
        value is >= 0.0 and <= 360.0 ? value : throw OutOfRange(name, value, "in [0, 360] degrees");

    // The message names the element already; ArgumentException's parameter suffix would only repeat it in reports.
    private static ArgumentException OutOfRange(string name, object value, string range) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{name} must be {range}; got {value}."));
}
