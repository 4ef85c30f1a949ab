using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GroundStation.Edge.Configuration;

/// <summary>
/// Reads settings by dotted path (<c>station.id</c>) from the configuration file, each overridable by an environment
/// variable <c>GS_EDGE_</c> + the path in upper case with <c>__</c> between levels (<c>GS_EDGE_STATION__ID</c>). Every
/// problem is collected with its path and source instead of stopping at the first, so one start names them all.
/// </summary>
internal sealed class SettingsReader
{
    /// <summary>The prefix of environment overrides.</summary>
    public const string EnvironmentPrefix = "GS_EDGE_";

    private readonly JsonObject _root;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly HashSet<string> _known = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _errors = [];

    public SettingsReader(JsonObject root, IReadOnlyDictionary<string, string> environment)
    {
        _root = root;
        _environment = environment;
    }

    /// <summary>Every problem found so far, each naming its setting.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>Records a problem with <paramref name="path"/>.</summary>
    public void Error(string path, string message) => _errors.Add($"{path}: {message}{SourceOf(path)}");

    /// <summary>The environment variable that overrides <paramref name="path"/>.</summary>
    public static string VariableFor(string path) => EnvironmentPrefix + path.Replace(".", "__", StringComparison.Ordinal).ToUpperInvariant();

    /// <summary>A string setting; null when absent (an error when <paramref name="required"/>).</summary>
    public string? String(string path, bool required = false)
    {
        var node = Read(path);
        if (node is null)
        {
            if (required)
            {
                Error(path, "is required");
            }

            return null;
        }

        if (node is JsonValue value && value.TryGetValue<string>(out var text))
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                Error(path, "must not be empty");
                return null;
            }

            return text;
        }

        Error(path, $"must be a string, not {Describe(node)}");
        return null;
    }

    /// <summary>A number in [<paramref name="minimum"/>, <paramref name="maximum"/>]; <paramref name="fallback"/> when absent.</summary>
    public double? Number(string path, double minimum, double maximum, double? fallback = null, bool required = false)
    {
        var node = Read(path);
        if (node is null)
        {
            if (required)
            {
                Error(path, "is required");
            }

            return fallback;
        }

        double number;
        if (node is JsonValue value && value.TryGetValue<double>(out var direct))
        {
            number = direct;
        }
        else if (node is JsonValue text && text.TryGetValue<string>(out var s) &&
                 double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            number = parsed;
        }
        else
        {
            Error(path, $"must be a number, not {Describe(node)}");
            return null;
        }

        if (!double.IsFinite(number) || number < minimum || number > maximum)
        {
            Error(path, string.Create(CultureInfo.InvariantCulture, $"{number} is not between {minimum} and {maximum}"));
            return null;
        }

        return number;
    }

    /// <summary>A whole number in range; <paramref name="fallback"/> when absent.</summary>
    public long? Integer(string path, long minimum, long maximum, long? fallback = null, bool required = false)
    {
        var number = Number(path, minimum, maximum, fallback, required);
        if (number is null)
        {
            return null;
        }

        if (Math.Floor(number.Value) != number.Value)
        {
            Error(path, string.Create(CultureInfo.InvariantCulture, $"{number} is not a whole number"));
            return null;
        }

        return (long)number.Value;
    }

    /// <summary>A boolean; <paramref name="fallback"/> when absent.</summary>
    public bool Boolean(string path, bool fallback)
    {
        var node = Read(path);
        if (node is null)
        {
            return fallback;
        }

        if (node is JsonValue value && value.TryGetValue<bool>(out var flag))
        {
            return flag;
        }

        if (node is JsonValue text && text.TryGetValue<string>(out var s) && bool.TryParse(s, out var parsed))
        {
            return parsed;
        }

        Error(path, $"must be true or false, not {Describe(node)}");
        return fallback;
    }

    /// <summary>A list of strings (a JSON array; in the environment, a JSON array text); null when absent.</summary>
    public IReadOnlyList<string>? StringList(string path)
    {
        var node = Read(path);
        if (node is null)
        {
            return null;
        }

        if (node is not JsonArray array || array.Count == 0)
        {
            Error(path, "must be a non-empty array of strings");
            return null;
        }

        var items = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrEmpty(s))
            {
                items.Add(s);
            }
            else
            {
                Error($"{path}[{i}]", "must be a non-empty string");
            }
        }

        return items;
    }

    /// <summary>An array of objects, for structured lists such as the horizon mask; null when absent.</summary>
    public JsonArray? Array(string path)
    {
        var node = Read(path);
        if (node is null)
        {
            return null;
        }

        if (node is JsonArray array)
        {
            return array;
        }

        Error(path, $"must be an array, not {Describe(node)}");
        return null;
    }

    /// <summary>True when the file or the environment sets anything under <paramref name="section"/>.</summary>
    public bool HasSection(string section)
    {
        var prefix = VariableFor(section) + "__";
        return Lookup(section) is not null || _environment.Keys.Any(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Reports every key in the file and every GS_EDGE_ variable that no setting read (typos).</summary>
    public void ReportUnknown()
    {
        ReportUnknown(_root, string.Empty);
        foreach (var key in _environment.Keys.Where(k => k.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            if (!_known.Any(path => string.Equals(VariableFor(path), key, StringComparison.OrdinalIgnoreCase)))
            {
                _errors.Add($"{key}: no such setting (environment)");
            }
        }
    }

    private void ReportUnknown(JsonObject node, string prefix)
    {
        foreach (var (name, child) in node)
        {
            var path = prefix.Length == 0 ? name : prefix + "." + name;
            if (_known.Contains(path))
            {
                continue;
            }

            if (child is JsonObject inner && _known.Any(k => k.StartsWith(path + ".", StringComparison.OrdinalIgnoreCase)))
            {
                ReportUnknown(inner, path);
                continue;
            }

            _errors.Add($"{path}: no such setting (configuration file)");
        }
    }

    private JsonNode? Read(string path)
    {
        _known.Add(path);
        if (_environment.TryGetValue(VariableFor(path), out var text))
        {
            var trimmed = text.TrimStart();
            if (trimmed.StartsWith('[') || trimmed.StartsWith('{'))
            {
                try
                {
                    return JsonNode.Parse(text);
                }
                catch (JsonException error)
                {
                    Error(path, $"is not valid JSON: {error.Message}");
                    return null;
                }
            }

            return JsonValue.Create(text);
        }

        var node = Lookup(path);
        return node is null || node.GetValueKind() == JsonValueKind.Null ? null : node;
    }

    private JsonNode? Lookup(string path)
    {
        JsonNode? node = _root;
        foreach (var part in path.Split('.'))
        {
            if (node is not JsonObject obj)
            {
                return null;
            }

            node = obj.FirstOrDefault(p => string.Equals(p.Key, part, StringComparison.OrdinalIgnoreCase)).Value;
        }

        return node;
    }

    private string SourceOf(string path) =>
        _environment.ContainsKey(VariableFor(path)) ? $" (from {VariableFor(path)})" : string.Empty;

    private static string Describe(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.String => $"the string '{node.GetValue<string>()}'",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => node.ToJsonString(),
    };
}
