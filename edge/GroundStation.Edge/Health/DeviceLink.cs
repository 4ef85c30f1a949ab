using GroundStation.Messaging.Contracts;

namespace GroundStation.Edge.Health;

/// <summary>
/// The link state of one device as the heartbeat reports it, learned from the outcome of real commands: up after a
/// success, down after a failure, not configured when the station has no such device. Thread-safe.
/// </summary>
public sealed class DeviceLink
{
    private int _state;

    /// <summary>Creates a link in <paramref name="initial"/>.</summary>
    public DeviceLink(DeviceLinkState initial) => _state = (int)initial;

    /// <summary>A device the station does not have.</summary>
    public static DeviceLink NotConfigured() => new(DeviceLinkState.NotConfigured);

    /// <summary>The state now.</summary>
    public DeviceLinkState State => (DeviceLinkState)Volatile.Read(ref _state);

    /// <summary>The last command succeeded.</summary>
    public void Succeeded() => Volatile.Write(ref _state, (int)DeviceLinkState.Up);

    /// <summary>The last command failed.</summary>
    public void Failed() => Volatile.Write(ref _state, (int)DeviceLinkState.Down);
}
