using System.Globalization;

namespace GroundStation.Hardware.Hamlib;

/// <summary>
/// One extended-protocol reply (<c>+\command</c>): the echo line, <c>Key: value</c> lines, and the <c>RPRT n</c> code.
/// </summary>
internal sealed record HamlibReply(IReadOnlyList<KeyValuePair<string, string>> Values, int Code)
{
    public string Value(string key, string command)
    {
        foreach (var (name, value) in Values)
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw new FormatException($"The reply to '{command}' carries no '{key}' value.");
    }

    public double Number(string key, string command)
    {
        var text = Value(key, command);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : throw new FormatException($"The '{key}' value '{text}' in the reply to '{command}' is not a finite number.");
    }
}
