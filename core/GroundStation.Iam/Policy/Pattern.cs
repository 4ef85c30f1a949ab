namespace GroundStation.Iam.Policy;

/// <summary>
/// Segment-wise patterns for actions (<c>area:verb</c>) and resources (<c>tenant/t1/satellite/25544</c>).
/// A <c>*</c> stands for exactly one whole segment and never spans a separator; everything else compares
/// ordinally (case matters). Segments are identifier characters only, so <c>..</c>, <c>.</c>, empty segments,
/// percent escapes and non-ASCII never parse, and a request containing them is denied.
/// </summary>
public static class Pattern
{
    /// <summary>The one wildcard.</summary>
    public const string Wildcard = "*";

    /// <summary>Longest resource or action accepted.</summary>
    public const int MaxLength = 512;

    /// <summary>Splits a resource; null when malformed. <paramref name="allowWildcard"/> admits whole-segment <c>*</c>.</summary>
    public static string[]? ParseResource(string? text, bool allowWildcard) => Parse(text, '/', allowWildcard, IsResourceSegment);

    /// <summary>Splits an action; null when malformed.</summary>
    public static string[]? ParseAction(string? text, bool allowWildcard) => Parse(text, ':', allowWildcard, IsActionSegment);

    /// <summary>
    /// True when <paramref name="pattern"/> matches <paramref name="request"/>. A <c>*</c> in the request means "every
    /// value": an allow pattern covers it only with its own <c>*</c>; a deny pattern (<paramref name="overlapSuffices"/>)
    /// matches as soon as the two could overlap, so that uncertainty denies.
    /// </summary>
    public static bool Matches(string[] pattern, string[] request, bool overlapSuffices)
    {
        if (pattern.Length != request.Length)
        {
            return false;
        }

        for (var i = 0; i < pattern.Length; i++)
        {
            var p = pattern[i];
            var r = request[i];
            if (ReferenceEquals(p, Wildcard) || p == Wildcard)
            {
                continue;
            }

            if (r == Wildcard)
            {
                if (overlapSuffices)
                {
                    continue;
                }

                return false;
            }

            if (!string.Equals(p, r, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static string[]? Parse(string? text, char separator, bool allowWildcard, Func<string, bool> segmentOk)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return null;
        }

        var segments = text.Split(separator);
        foreach (var segment in segments)
        {
            if (segment == Wildcard ? !allowWildcard : !segmentOk(segment))
            {
                return null;
            }
        }

        return segments;
    }

    private static bool IsResourceSegment(string segment) => Keys.Identifier.IsValid(segment);

    private static bool IsActionSegment(string segment)
    {
        if (segment.Length is 0 or > 64)
        {
            return false;
        }

        foreach (var c in segment)
        {
            if (!char.IsAsciiLetterLower(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }
}
