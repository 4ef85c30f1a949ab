using GroundStation.Orbits.Elements;

namespace GroundStation.Cli.Orbit;

/// <summary>Loads the TLE/3LE file named by --tle: good entries kept, one warning per bad entry.</summary>
internal static class SatelliteCatalog
{
    public static IReadOnlyList<Tle> Load(string path, TextWriter warnings, string commandName)
    {
        if (!File.Exists(path))
        {
            throw new CliInputException($"--tle: file '{path}' does not exist.");
        }

        CatalogReadResult<Tle> catalog;
        try
        {
            using var reader = File.OpenText(path);
            catalog = TleCatalogReader.Read(reader);
        }
        catch (IOException problem)
        {
            throw new CliInputException($"--tle: cannot read '{path}': {problem.Message}", problem);
        }
        catch (UnauthorizedAccessException problem)
        {
            throw new CliInputException($"--tle: cannot read '{path}': {problem.Message}", problem);
        }

        if (catalog.Entries.Count == 0)
        {
            throw new CliInputException(catalog.Errors.Count > 0
                ? $"--tle: '{path}' has no valid TLE; line {catalog.Errors[0].LineNumber}: {catalog.Errors[0].Message}"
                : $"--tle: '{path}' holds no TLE.");
        }

        foreach (var error in catalog.Errors)
        {
            warnings.WriteLine($"gsctl orbit {commandName}: warning: {path} line {error.LineNumber}: {error.Message} (entry skipped)");
        }

        return catalog.Entries;
    }
}
