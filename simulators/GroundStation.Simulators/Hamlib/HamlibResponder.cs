using System.Globalization;
using System.Text;

namespace GroundStation.Simulators.Hamlib;

/// <summary>
/// The command-line protocol shared by rotctld and rigctld: short (<c>P 120 45</c>) and long (<c>\set_pos 120 45</c>)
/// commands; plain replies, or extended ones when the line starts with <c>+</c> (one item per line) or with
/// <c>;</c>, <c>|</c> or <c>,</c> (all items on one line, separated by that character).
/// </summary>
public sealed class HamlibResponder(IReadOnlyList<HamlibCommandSpec> commands, Func<bool>? vfoMode = null)
{
    private const int NotImplemented = 4;
    private const int InvalidArgument = 1;

    /// <summary>Answers one command line (without its newline); the reply includes its final newline.</summary>
    public string Respond(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        line = line.Trim();
        if (line.Length == 0)
        {
            return string.Empty;
        }

        char? separator = line[0] switch
        {
            '+' => '\n',
            ';' or '|' or ',' => line[0],
            _ => null,
        };
        if (separator is not null)
        {
            line = line[1..].TrimStart();
        }

        var (spec, arguments) = Parse(line);
        if (spec is null)
        {
            return Format(null, arguments, HamlibResult.Error(NotImplemented), separator);
        }

        var expected = spec.Arguments + (spec.TakesVfo && vfoMode?.Invoke() == true ? 1 : 0);
        var result = arguments.Length == expected ? spec.Handle(arguments) : HamlibResult.Error(InvalidArgument);
        return Format(spec, arguments, result, separator);
    }

    private (HamlibCommandSpec? Spec, string[] Arguments) Parse(string line)
    {
        string name;
        string rest;
        if (line[0] == '\\')
        {
            var end = line.IndexOf(' ', StringComparison.Ordinal);
            name = end < 0 ? line[1..] : line[1..end];
            rest = end < 0 ? string.Empty : line[end..];
            var arguments = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return (commands.FirstOrDefault(c => c.Name == name), arguments);
        }

        var spec = commands.FirstOrDefault(c => c.Letter == line[0]);
        return (spec, line[1..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private static string Format(HamlibCommandSpec? spec, string[] arguments, HamlibResult result, char? separator)
    {
        var items = new List<string>();
        if (separator is null)
        {
            if (result.Code != 0 || result.Values.Count == 0)
            {
                if (!result.Bare)
                {
                    items.Add(Report(result.Code));
                }
            }
            else
            {
                items.AddRange(result.Values.Select(v => v.Value));
            }

            return Join(items, '\n');
        }

        if (!result.Bare && spec is not null)
        {
            items.Add(arguments.Length == 0 ? spec.Name + ":" : spec.Name + ": " + string.Join(' ', arguments));
        }

        if (result.Code == 0)
        {
            items.AddRange(result.Values.Select(v => v.Key is null ? v.Value : v.Key + ": " + v.Value));
        }

        if (!result.Bare)
        {
            items.Add(Report(result.Code));
        }

        return Join(items, separator.Value);
    }

    private static string Report(int code) => "RPRT " + code.ToString(CultureInfo.InvariantCulture);

    private static string Join(List<string> items, char separator)
    {
        var text = new StringBuilder();
        foreach (var item in items)
        {
            if (text.Length > 0)
            {
                text.Append(separator);
            }

            text.Append(item);
        }

        return text.Append('\n').ToString();
    }
}
