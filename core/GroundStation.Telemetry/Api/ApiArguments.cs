using System.Globalization;
using GroundStation.Orbits;
using Microsoft.AspNetCore.Http;

namespace GroundStation.Telemetry.Api;

/// <summary>Parses the query arguments the core's routes share, answering a 400 naming the field when one is bad.</summary>
public static class ApiArguments
{
    /// <summary>The default list length.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The longest list.</summary>
    public const int MaximumLimit = 1000;

    /// <summary>A 400 problem naming <paramref name="field"/>.</summary>
    public static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>Parses a NORAD id; null text gives null without error.</summary>
    public static bool TryNorad(string? text, string field, out NoradId? norad, out IResult? error)
    {
        norad = null;
        error = null;
        if (text is null)
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 or > NoradId.MaxValue)
        {
            error = Invalid(field, $"'{text}' is not a NORAD id (1 to {NoradId.MaxValue}).");
            return false;
        }

        norad = new NoradId(value);
        return true;
    }

    /// <summary>Parses <c>limit</c> (default 100, 1 to 1000).</summary>
    public static bool TryLimit(string? text, out int limit, out IResult? error)
    {
        limit = DefaultLimit;
        error = null;
        if (text is null)
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaximumLimit)
        {
            error = Invalid("limit", $"'{text}' is not a count from 1 to {MaximumLimit}.");
            return false;
        }

        return true;
    }

    /// <summary>Parses an ISO 8601 instant; null text gives <paramref name="fallback"/>.</summary>
    public static bool TryInstant(string? text, string field, DateTimeOffset fallback, out DateTimeOffset value, out IResult? error)
    {
        value = fallback;
        error = null;
        if (text is null)
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value))
        {
            error = Invalid(field, $"'{text}' is not an ISO 8601 instant.");
            return false;
        }

        return true;
    }
}
