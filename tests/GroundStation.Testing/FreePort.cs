using System.Net;
using System.Net.Sockets;

namespace GroundStation.Testing;

/// <summary>Finds TCP ports on the loopback interface that nothing listens on, for peers started by tests.</summary>
public static class FreePort
{
    /// <summary>Asks the kernel for an unused loopback port and releases it for the caller to bind.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
