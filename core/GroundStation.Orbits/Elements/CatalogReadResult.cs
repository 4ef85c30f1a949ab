namespace GroundStation.Orbits.Elements;

/// <summary>What a catalog reader got out of its input: every good entry, and one error per bad entry.</summary>
/// <typeparam name="T">The entry type.</typeparam>
/// <param name="Entries">The entries read, in input order.</param>
/// <param name="Errors">The entries that could not be read, in input order.</param>
public sealed record CatalogReadResult<T>(IReadOnlyList<T> Entries, IReadOnlyList<CatalogError> Errors);
