namespace GroundStation.Orbits.Elements;

/// <summary>
/// Reads a catalog of TLEs or 3LEs (a name line before each pair, optionally starting with "0 "): CRLF or LF, blank
/// lines and lines starting with '#' ignored. A bad entry becomes a <see cref="CatalogError"/> with its line number and
/// reading goes on, so one corrupt entry never costs the rest of the catalog.
/// </summary>
public static class TleCatalogReader
{
    /// <summary>Reads a catalog from text.</summary>
    public static CatalogReadResult<Tle> Read(TextReader reader, TleParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var entries = new List<Tle>();
        var errors = new List<CatalogError>();
        (string Text, int Line)? name = null;
        (string Text, int Line)? line1 = null;
        var lineNumber = 0;
        while (reader.ReadLine() is { } raw)
        {
            lineNumber++;
            var text = raw.TrimEnd(' ', '\t', '\r');
            if (text.Length == 0 || text[0] == '#')
            {
                continue;
            }

            if (line1 is { } first)
            {
                line1 = null;
                if (IsLine(text, '2'))
                {
                    ParseEntry(first, (text, lineNumber), name, options, entries, errors);
                    name = null;
                    continue;
                }

                errors.Add(new CatalogError(first.Line, "TLE line 1 is not followed by a line 2."));
                name = null;
            }

            if (IsLine(text, '1'))
            {
                line1 = (text, lineNumber);
            }
            else if (IsLine(text, '2'))
            {
                errors.Add(new CatalogError(lineNumber, "TLE line 2 without a line 1 before it."));
                name = null;
            }
            else
            {
                if (name is { } orphan)
                {
                    errors.Add(new CatalogError(orphan.Line, $"Name line '{orphan.Text}' is not followed by a TLE."));
                }

                name = (NameOf(text), lineNumber);
            }
        }

        if (line1 is { } last)
        {
            errors.Add(new CatalogError(last.Line, "TLE line 1 is not followed by a line 2 (end of input)."));
        }
        else if (name is { } orphan)
        {
            errors.Add(new CatalogError(orphan.Line, $"Name line '{orphan.Text}' is not followed by a TLE (end of input)."));
        }

        return new CatalogReadResult<Tle>(entries, errors);
    }

    /// <summary>Reads a catalog from a stream (UTF-8 or ASCII).</summary>
    public static CatalogReadResult<Tle> Read(Stream stream, TleParseOptions? options = null)
    {
        using var reader = new StreamReader(stream, leaveOpen: true);
        return Read(reader, options);
    }

    /// <summary>Reads a catalog file.</summary>
    public static CatalogReadResult<Tle> ReadFile(string path, TleParseOptions? options = null)
    {
        using var reader = new StreamReader(path);
        return Read(reader, options);
    }

    private static void ParseEntry(
        (string Text, int Line) line1,
        (string Text, int Line) line2,
        (string Text, int Line)? name,
        TleParseOptions? options,
        List<Tle> entries,
        List<CatalogError> errors)
    {
        try
        {
            entries.Add(TleParser.Parse(line1.Text, line2.Text, name?.Text, options));
        }
        catch (TleFormatException e)
        {
            var where = e.LineNumber == 2 ? line2.Line : line1.Line;
            var who = name is { } n ? $" ({n.Text})" : string.Empty;
            errors.Add(new CatalogError(where, e.Message + who));
        }
    }

    private static bool IsLine(string text, char number) => text.Length >= 2 && text[0] == number && text[1] == ' ';

    private static string NameOf(string text) =>
        (text.StartsWith("0 ", StringComparison.Ordinal) ? text[2..] : text).Trim();
}
