using System.Globalization;
using System.Net;

namespace GroundStation.Simulators.Hamlib;

/// <summary>Parses the HOST:PORT of a simulator's <c>--listen</c> option.</summary>
public static class ListenAddress
{
    /// <summary>Parses "127.0.0.1:4533", "[::1]:4533", "localhost:4533" or "0.0.0.0:4533"; port 0 picks a free port.</summary>
    /// <exception cref="FormatException">The text is not HOST:PORT with an IP address (or localhost) and a port 0..65535.</exception>
    public static IPEndPoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon > 0 && text[..colon] == "localhost" &&
            int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535)
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        return IPEndPoint.TryParse(text, out var endpoint) && colon > 0
            ? endpoint
            : throw new FormatException($"'{text}' is not HOST:PORT (e.g. 127.0.0.1:4533).");
    }
}
