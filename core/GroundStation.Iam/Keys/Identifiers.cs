using System.Security.Cryptography;

namespace GroundStation.Iam.Keys;

/// <summary>Rules shared by every identifier that ends up inside a resource path or a topic.</summary>
public static class Identifier
{
    /// <summary>Longest identifier accepted.</summary>
    public const int MaxLength = 64;

    /// <summary>True for 1-64 ASCII letters, digits, '-' or '_': nothing that could split or escape a path segment.</summary>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns <paramref name="value"/> or throws naming what is wrong.</summary>
    public static string Require(string? value, string what) =>
        IsValid(value) ? value! : throw new ArgumentException($"{what} '{value}' is not 1-{MaxLength} ASCII letters, digits, '-' or '_'.", what);
}

/// <summary>A tenant: an organisation or mission that owns satellites.</summary>
/// <param name="Value">The identifier.</param>
public readonly record struct TenantId(string Value)
{
    /// <summary>Validates and wraps.</summary>
    public static TenantId Parse(string? value) => new(Identifier.Require(value, "tenant"));

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>A principal: an operator, an automation or an edge agent.</summary>
/// <param name="Value">The identifier.</param>
public readonly record struct PrincipalId(string Value)
{
    /// <summary>Validates and wraps.</summary>
    public static PrincipalId Parse(string? value) => new(Identifier.Require(value, "principal"));

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>A ground station.</summary>
/// <param name="Value">The identifier.</param>
public readonly record struct StationId(string Value)
{
    /// <summary>Validates and wraps.</summary>
    public static StationId Parse(string? value) => new(Identifier.Require(value, "station"));

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The public, non-secret name of a key, used in URLs and the audit log.</summary>
/// <param name="Value">The identifier, <c>key_</c> and 22 base62 digits.</param>
public readonly record struct KeyId(string Value)
{
    /// <summary>Makes a fresh random id.</summary>
    public static KeyId New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return new KeyId("key_" + Base62.Encode(bytes, Base62.WidthFor(16)));
    }

    /// <summary>Parses an id from a URL; false when it is not id-shaped.</summary>
    public static bool TryParse(string? value, out KeyId id)
    {
        id = default;
        if (value is null || !value.StartsWith("key_", StringComparison.Ordinal) || !Identifier.IsValid(value))
        {
            return false;
        }

        id = new KeyId(value);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
