using System.Text.RegularExpressions;

namespace GroundStation.Iam.Audit;

/// <summary>
/// Replaces anything key-shaped with a marker, as a second line of defence: request fields that end up in the audit
/// log or in log messages are attacker-controlled and could carry a key someone pasted by mistake.
/// </summary>
public static partial class SecretRedactor
{
    /// <summary>What replaces a key.</summary>
    public const string Marker = "[redacted key]";

    /// <summary>The text with every key-shaped run replaced; null stays null.</summary>
    public static string? Redact(string? text) => text is null || !text.Contains("gs_", StringComparison.Ordinal) ? text : KeyShape().Replace(text, Marker);

    [GeneratedRegex("gs_[a-z]_[a-z]+_[0-9A-Za-z]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex KeyShape();
}
