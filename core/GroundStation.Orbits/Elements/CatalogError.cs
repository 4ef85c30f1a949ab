namespace GroundStation.Orbits.Elements;

/// <summary>One entry of a catalog that could not be read.</summary>
/// <param name="LineNumber">The 1-based line of the input where the bad entry (or its bad line) is.</param>
/// <param name="Message">What is wrong, in words an operator can act on.</param>
public sealed record CatalogError(int LineNumber, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"line {LineNumber}: {Message}";
}
