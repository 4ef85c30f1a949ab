using System.Globalization;

namespace GroundStation.Hardware.Hamlib;

/// <summary>Where a Hamlib daemon (rotctld, rigctld) listens.</summary>
public sealed record HamlibEndpoint
{
    /// <summary>rotctld's default TCP port.</summary>
    public const int DefaultRotctldPort = 4533;

    /// <summary>rigctld's default TCP port.</summary>
    public const int DefaultRigctldPort = 4532;

    /// <summary>Creates an endpoint; the host must be non-empty and the port 1..65535.</summary>
    public HamlibEndpoint(string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "A TCP port is between 1 and 65535.");
        }

        Host = host;
        Port = port;
    }

    /// <summary>Host name or address.</summary>
    public string Host { get; }

    /// <summary>TCP port.</summary>
    public int Port { get; }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");
}
