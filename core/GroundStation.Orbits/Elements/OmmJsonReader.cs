using System.Globalization;
using System.Text.Json;

namespace GroundStation.Orbits.Elements;

/// <summary>
/// Reads CCSDS Orbit Mean-Elements Messages in the JSON form public catalogs serve (CelesTrak, Space-Track): an array
/// of objects or a single object with OBJECT_NAME, OBJECT_ID, NORAD_CAT_ID, EPOCH, MEAN_MOTION, ECCENTRICITY,
/// INCLINATION, RA_OF_ASC_NODE, ARG_OF_PERICENTER, MEAN_ANOMALY, BSTAR, MEAN_MOTION_DOT, MEAN_MOTION_DDOT and
/// optionally CLASSIFICATION_TYPE, ELEMENT_SET_NO, REV_AT_EPOCH. Numbers may be JSON numbers or strings. A bad
/// object becomes a <see cref="CatalogError"/> with the line it starts on, and reading goes on.
/// </summary>
public static class OmmJsonReader
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static readonly string[] EpochFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
    ];

    /// <summary>Reads OMM JSON from UTF-8 bytes.</summary>
    /// <exception cref="JsonException">The input is not JSON at all, or its top level is neither an array nor an object.</exception>
    public static CatalogReadResult<OrbitalElements> Read(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.StartsWith(Utf8Bom))
        {
            utf8Json = utf8Json[Utf8Bom.Length..];
        }

        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        using var document = JsonDocument.ParseValue(ref reader);
        var starts = EntryStartLines(utf8Json);
        var root = document.RootElement;
        var entries = new List<OrbitalElements>();
        var errors = new List<CatalogError>();
        switch (root.ValueKind)
        {
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in root.EnumerateArray())
                {
                    ReadEntry(item, index < starts.Count ? starts[index] : 1, index + 1, entries, errors);
                    index++;
                }

                break;
            case JsonValueKind.Object:
                ReadEntry(root, starts.Count > 0 ? starts[0] : 1, 1, entries, errors);
                break;
            default:
                throw new JsonException($"OMM JSON must be an array of objects or one object, not {root.ValueKind}.");
        }

        return new CatalogReadResult<OrbitalElements>(entries, errors);
    }

    /// <summary>Reads OMM JSON from a stream.</summary>
    public static CatalogReadResult<OrbitalElements> Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Reads an OMM JSON file.</summary>
    public static CatalogReadResult<OrbitalElements> ReadFile(string path) => Read(File.ReadAllBytes(path));

    /// <summary>Reads OMM JSON text.</summary>
    public static CatalogReadResult<OrbitalElements> Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Read(System.Text.Encoding.UTF8.GetBytes(json));
    }

    private static void ReadEntry(
        JsonElement item, int line, int ordinal, List<OrbitalElements> entries, List<CatalogError> errors)
    {
        var name = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("OBJECT_NAME", out var n) &&
                   n.ValueKind == JsonValueKind.String
            ? n.GetString()
            : null;
        var label = name is null
            ? $"OMM entry {ordinal}"
            : $"OMM entry {ordinal} ({name})";
        try
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"expected an object, found {item.ValueKind}");
            }

            var id = (int)Number(item, "NORAD_CAT_ID");
            if (id != Number(item, "NORAD_CAT_ID") || id is < 1 or > NoradId.MaxValue)
            {
                throw new FormatException(
                    $"NORAD_CAT_ID must be a whole number from 1 to {NoradId.MaxValue}");
            }

            entries.Add(new OrbitalElements(
                new NoradId(id),
                string.IsNullOrWhiteSpace(name) ? null : name.Trim(),
                Classification(item),
                Designator(item),
                Epoch(item),
                Number(item, "MEAN_MOTION_DOT"),
                Number(item, "MEAN_MOTION_DDOT"),
                Number(item, "BSTAR"),
                (int)OptionalNumber(item, "ELEMENT_SET_NO", 999),
                Number(item, "INCLINATION"),
                Number(item, "RA_OF_ASC_NODE"),
                Number(item, "ECCENTRICITY"),
                Number(item, "ARG_OF_PERICENTER"),
                Number(item, "MEAN_ANOMALY"),
                Number(item, "MEAN_MOTION"),
                (int)OptionalNumber(item, "REV_AT_EPOCH", 0)));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            errors.Add(new CatalogError(line, $"{label}: {e.Message}"));
        }
    }

    private static double Number(JsonElement item, string field) =>
        TryNumber(item, field, out var value) ? value : throw new FormatException($"{field} is missing");

    private static double OptionalNumber(JsonElement item, string field, double fallback) =>
        TryNumber(item, field, out var value) ? value : fallback;

    private static bool TryNumber(JsonElement item, string field, out double value)
    {
        value = 0;
        if (!item.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        var ok = element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetDouble(out value),
            JsonValueKind.String => double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture,
                out value),
            _ => false,
        };
        return ok && double.IsFinite(value)
            ? true
            : throw new FormatException($"{field} must be a number (or a string holding one), found {element.GetRawText()}");
    }

    private static char Classification(JsonElement item)
    {
        if (!item.TryGetProperty("CLASSIFICATION_TYPE", out var c) || c.ValueKind == JsonValueKind.Null)
        {
            return 'U';
        }

        var text = c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        return text is { Length: 1 } ? text[0] : throw new FormatException($"CLASSIFICATION_TYPE must be U, C or S, found {c.GetRawText()}");
    }

    /// <summary>OBJECT_ID "1998-067A" becomes the TLE form "98067A"; missing or "UNKNOWN" becomes empty.</summary>
    private static string Designator(JsonElement item)
    {
        if (!item.TryGetProperty("OBJECT_ID", out var o) || o.ValueKind != JsonValueKind.String)
        {
            return string.Empty;
        }

        var id = o.GetString()!.Trim();
        if (id.Length == 0 || id.Equals("UNKNOWN", StringComparison.OrdinalIgnoreCase))
        {
            return string.Empty;
        }

        var tleForm = id.Length >= 9 && id[4] == '-' ? string.Concat(id.AsSpan(2, 2), id.AsSpan(5)) : id;
        return OrbitalElements.IsDesignator(tleForm)
            ? tleForm
            : throw new FormatException($"OBJECT_ID must look like 1998-067A, found '{id}'");
    }

    private static JulianDate Epoch(JsonElement item)
    {
        if (!item.TryGetProperty("EPOCH", out var e) || e.ValueKind != JsonValueKind.String)
        {
            throw new FormatException("EPOCH is missing (an ISO-8601 UTC time such as 2024-01-01T12:00:00.000000)");
        }

        var text = e.GetString()!;
        return DateTimeOffset.TryParseExact(text, EpochFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var epoch)
            ? JulianDate.FromDateTime(epoch)
            : throw new FormatException($"EPOCH must be an ISO-8601 UTC time such as 2024-01-01T12:00:00.000000, found '{text}'");
    }

    /// <summary>The 1-based line on which each entry (array element, or the single root object) starts.</summary>
    private static List<int> EntryStartLines(ReadOnlySpan<byte> json)
    {
        var lines = new List<int>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var line = 1;
        var scanned = 0;
        while (reader.Read())
        {
            var isEntry = reader.CurrentDepth switch
            {
                0 => reader.TokenType == JsonTokenType.StartObject,
                1 => reader.TokenType is not (JsonTokenType.EndArray or JsonTokenType.EndObject),
                _ => false,
            };
            if (!isEntry)
            {
                continue;
            }

            var start = (int)reader.TokenStartIndex;
            line += json[scanned..start].Count((byte)'\n');
            scanned = start;
            lines.Add(line);
            if (reader.CurrentDepth == 0)
            {
                break;
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
        }

        return lines;
    }
}
