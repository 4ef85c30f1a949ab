using System.CommandLine;

namespace GroundStation.Cli.Orbit;

/// <summary>
/// Option values with the checks System.CommandLine leaves to the command: presence of required options (checked
/// here so the error is one line naming the option) and domain ranges.
/// </summary>
internal static class CliOptions
{
    public static T Required<T>(ParseResult parseResult, Option<T> option)
    {
        if (parseResult.GetResult(option) is null || parseResult.GetValue(option) is not { } value)
        {
            throw new CliInputException($"missing required option {option.Name}.");
        }

        return value;
    }

    public static bool IsGiven(ParseResult parseResult, Option option) => parseResult.GetResult(option) is not null;

    /// <summary>Builds a domain value, turning its range check into a one-line error naming the option.</summary>
    public static TDomain Domain<TDomain>(string optionName, double value, Func<double, TDomain> create)
    {
        try
        {
            return create(value);
        }
        catch (ArgumentOutOfRangeException problem)
        {
            var reason = problem.Message.Split(" (Parameter", 2)[0];
            throw new CliInputException($"{optionName}: {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} is out of range. {reason}", problem);
        }
    }

    public static string Format(ParseResult parseResult, Option<string> option, params string[] allowed)
    {
        var format = (parseResult.GetValue(option) ?? allowed[0]).ToLowerInvariant();
        return allowed.Contains(format)
            ? format
            : throw new CliInputException($"{option.Name}: '{format}' is not one of {string.Join(", ", allowed)}.");
    }
}
