using GroundStation.Orbits.Geometry;

namespace GroundStation.Orbits.Passes;

/// <summary>
/// The lowest usable elevation as a function of azimuth (trees, buildings, terrain), given as points and interpolated
/// linearly in azimuth, wrapping through north.
/// </summary>
public sealed class HorizonMask
{
    private readonly double[] _azimuthsDeg;
    private readonly double[] _elevationsDeg;

    /// <summary>Creates a mask from at least one point; two points may not share an azimuth.</summary>
    public HorizonMask(IEnumerable<HorizonPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var sorted = points.OrderBy(p => p.Azimuth.Degrees).ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("A horizon mask needs at least one point.", nameof(points));
        }

        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Azimuth == sorted[i - 1].Azimuth)
            {
                throw new ArgumentException($"The horizon mask has two points at azimuth {sorted[i].Azimuth}.", nameof(points));
            }
        }

        Points = sorted;
        _azimuthsDeg = [.. sorted.Select(p => p.Azimuth.Degrees)];
        _elevationsDeg = [.. sorted.Select(p => p.MinimumElevation.Degrees)];
        LowestDegrees = _elevationsDeg.Min();
        HighestDegrees = _elevationsDeg.Max();
    }

    /// <summary>The points, sorted by azimuth.</summary>
    public IReadOnlyList<HorizonPoint> Points { get; }

    /// <summary>The lowest elevation anywhere on the mask, degrees.</summary>
    public double LowestDegrees { get; }

    /// <summary>The highest elevation anywhere on the mask, degrees.</summary>
    public double HighestDegrees { get; }

    /// <summary>The mask's elevation at <paramref name="azimuth"/>.</summary>
    public Elevation At(Azimuth azimuth) => new(Interpolate(azimuth.Degrees).ElevationDeg);

    /// <summary>Elevation (deg) and its slope (deg per deg of azimuth) at an azimuth in [0, 360).</summary>
    internal (double ElevationDeg, double Slope) Interpolate(double azimuthDeg)
    {
        var count = _azimuthsDeg.Length;
        if (count == 1)
        {
            return (_elevationsDeg[0], 0.0);
        }

        var upper = Array.BinarySearch(_azimuthsDeg, azimuthDeg);
        if (upper >= 0)
        {
            upper = Math.Min(upper + 1, count);
        }
        else
        {
            upper = ~upper;
        }

        // Neighbours, wrapping: below the first point or past the last one, interpolate between last and first.
        var lowerIndex = upper == 0 ? count - 1 : upper - 1;
        var upperIndex = upper == count ? 0 : upper;
        var lowerAz = _azimuthsDeg[lowerIndex];
        var upperAz = _azimuthsDeg[upperIndex];
        var span = upperAz - lowerAz;
        var offset = azimuthDeg - lowerAz;
        if (span <= 0)
        {
            span += 360.0;
        }

        if (offset < 0)
        {
            offset += 360.0;
        }

        var slope = (_elevationsDeg[upperIndex] - _elevationsDeg[lowerIndex]) / span;
        return (_elevationsDeg[lowerIndex] + (slope * offset), slope);
    }
}

/// <summary>One point of a <see cref="HorizonMask"/>: at this azimuth, nothing below this elevation is usable.</summary>
/// <param name="Azimuth">Azimuth of the point.</param>
/// <param name="MinimumElevation">Lowest usable elevation there.</param>
public readonly record struct HorizonPoint(Azimuth Azimuth, Elevation MinimumElevation);
