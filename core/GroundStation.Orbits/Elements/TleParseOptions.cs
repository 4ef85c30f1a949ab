namespace GroundStation.Orbits.Elements;

/// <summary>How lenient <see cref="TleParser"/> is. The defaults are strict.</summary>
public sealed record TleParseOptions
{
    /// <summary>The strict defaults.</summary>
    public static TleParseOptions Strict { get; } = new();

    /// <summary>
    /// Accept lines whose checksum digit does not match (legacy files with hand-edited lines). A missing or non-digit
    /// checksum column is still an error.
    /// </summary>
    public bool AcceptBadChecksums { get; init; }

    /// <summary>
    /// Ignore text after column 69 (some files append comments or, like the Vallado verification set, start/stop/step
    /// times). By default anything but trailing white space there is an error.
    /// </summary>
    public bool IgnoreTextAfterColumn69 { get; init; }
}
