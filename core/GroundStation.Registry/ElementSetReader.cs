using System.Text.Json;
using GroundStation.Orbits;
using GroundStation.Orbits.Elements;

namespace GroundStation.Registry;

/// <summary>Reads the one element set a caller posts: a TLE, a 3LE, or an OMM in JSON (object or one-element array).</summary>
internal static class ElementSetReader
{
    public static (string Line1, string Line2, string Format, OrbitalElements Elements) Read(NoradId norad, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new RegistryValidationException("body", "is empty: send a TLE, a 3LE or an OMM JSON document");
        }

        var trimmed = text.TrimStart();
        return trimmed[0] is '{' or '[' ? ReadOmm(norad, trimmed) : ReadTle(norad, text);
    }

    private static (string, string, string, OrbitalElements) ReadTle(NoradId norad, string text)
    {
        using var reader = new StringReader(text);
        var result = TleCatalogReader.Read(reader);
        if (result.Errors.Count > 0)
        {
            throw new RegistryValidationException("body", $"not a valid TLE: {result.Errors[0]}");
        }

        var tle = Single(result.Entries, "TLE");
        CheckNorad(norad, tle.Elements.Id);
        return (tle.Line1, tle.Line2, tle.Name is null ? "tle" : "3le", tle.Elements);
    }

    private static (string, string, string, OrbitalElements) ReadOmm(NoradId norad, string json)
    {
        CatalogReadResult<OrbitalElements> result;
        try
        {
            result = OmmJsonReader.Read(json);
        }
        catch (JsonException error)
        {
            throw new RegistryValidationException("body", $"not valid OMM JSON: {error.Message}");
        }

        if (result.Errors.Count > 0)
        {
            throw new RegistryValidationException("body", $"not a valid OMM: {result.Errors[0]}");
        }

        var elements = Single(result.Entries, "OMM");
        CheckNorad(norad, elements.Id);
        var (line1, line2) = TleWriter.Format(elements);
        return (line1, line2, "omm", elements);
    }

    private static T Single<T>(IReadOnlyList<T> entries, string what) => entries.Count switch
    {
        1 => entries[0],
        0 => throw new RegistryValidationException("body", $"holds no {what} element set"),
        _ => throw new RegistryValidationException("body", $"holds {entries.Count} element sets; post one at a time"),
    };

    private static void CheckNorad(NoradId expected, NoradId actual)
    {
        if (expected != actual)
        {
            throw new RegistryValidationException("body", $"the element set is for NORAD {actual}, not {expected}");
        }
    }
}
