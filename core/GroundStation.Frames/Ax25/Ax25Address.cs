using System.Globalization;

namespace GroundStation.Frames.Ax25;

/// <summary>An AX.25 station address: a callsign of 1-6 characters A-Z and 0-9, and a secondary station id 0-15.</summary>
public sealed record Ax25Address
{
    /// <summary>The longest callsign an address field carries.</summary>
    public const int MaxCallsignLength = 6;

    /// <summary>The highest SSID.</summary>
    public const byte MaxSsid = 15;

    /// <summary>Creates an address; throws <see cref="ArgumentException"/> naming what is wrong with the callsign or SSID.</summary>
    public Ax25Address(string callsign, byte ssid = 0)
    {
        ArgumentNullException.ThrowIfNull(callsign);
        if (ValidateCallsign(callsign) is { } problem)
        {
            throw new ArgumentException(problem, nameof(callsign));
        }

        if (ssid > MaxSsid)
        {
            throw new ArgumentOutOfRangeException(nameof(ssid), ssid, $"An AX.25 SSID is between 0 and {MaxSsid}.");
        }

        Callsign = callsign;
        Ssid = ssid;
    }

    /// <summary>The callsign, upper case, without padding.</summary>
    public string Callsign { get; }

    /// <summary>The secondary station identifier, 0-15.</summary>
    public byte Ssid { get; }

    /// <summary>Parses <c>CALL</c> or <c>CALL-SSID</c> (upper case); throws <see cref="FormatException"/> naming the problem.</summary>
    public static Ax25Address Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var callsign = dash < 0 ? text : text[..dash];
        byte ssid = 0;
        if (dash >= 0 && (!byte.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ssid) || ssid > MaxSsid))
        {
            throw new FormatException($"'{text}': the SSID after '-' must be a number from 0 to {MaxSsid}.");
        }

        if (ValidateCallsign(callsign) is { } problem)
        {
            throw new FormatException($"'{text}': {problem}");
        }

        return new Ax25Address(callsign, ssid);
    }

    /// <summary>Null when <paramref name="callsign"/> can be carried in an address field, else the reason it cannot.</summary>
    public static string? ValidateCallsign(string callsign)
    {
        ArgumentNullException.ThrowIfNull(callsign);
        if (callsign.Length is 0 or > MaxCallsignLength)
        {
            return $"A callsign has 1 to {MaxCallsignLength} characters; '{callsign}' has {callsign.Length}.";
        }

        foreach (var c in callsign)
        {
            if (!IsCallsignCharacter(c))
            {
                return $"Callsign '{callsign}' holds '{c}'; only A-Z and 0-9 are allowed.";
            }
        }

        return null;
    }

    /// <summary>True for the characters an AX.25 callsign may hold: A-Z and 0-9.</summary>
    public static bool IsCallsignCharacter(char c) => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9');

    /// <inheritdoc />
    public override string ToString() =>
        Ssid == 0 ? Callsign : string.Create(CultureInfo.InvariantCulture, $"{Callsign}-{Ssid}");
}
