using GroundStation.Messaging.Contracts;

namespace GroundStation.Edge.Commanding;

/// <summary>A pass of the station's current plan, as far as commanding needs it.</summary>
/// <param name="PassId">The pass.</param>
/// <param name="Aos">Acquisition of signal.</param>
/// <param name="Los">Loss of signal: no command of this pass is sent from then on.</param>
public sealed record PassWindow(PassId PassId, DateTimeOffset Aos, DateTimeOffset Los);

/// <summary>The station's current plan (the agent's verified plan store).</summary>
public interface IPassDirectory
{
    /// <summary>The pass if it is in the current plan; null otherwise.</summary>
    PassWindow? Find(PassId passId);
}

/// <summary>Whether a pass's uplink window is open.</summary>
public enum UplinkWindowState
{
    /// <summary>The agent knows nothing about the pass (yet): commands wait.</summary>
    Unknown,

    /// <summary>The pass has not started, or the satellite is not above the horizon yet: commands wait.</summary>
    NotYetOpen,

    /// <summary>The pass is active and the satellite above the horizon: due commands are sent.</summary>
    Open,

    /// <summary>The pass is over (or failed): its waiting commands fail with <see cref="CommandFailureCodes.WindowPassed"/>.</summary>
    Closed,
}

/// <summary>The agent's view of each pass's uplink window: it alone knows whether the pass runs and the satellite is in view.</summary>
public interface IUplinkWindow
{
    /// <summary>The window state of <paramref name="passId"/> now.</summary>
    UplinkWindowState GetState(PassId passId);
}

/// <summary>Transmits a telecommand (gs-edge: its payload as a KISS data frame through the TNC).</summary>
public interface ITelecommandUplink
{
    /// <summary>Sends <paramref name="command"/>; completes when transmitted, throws when it could not be.</summary>
    Task SendAsync(Telecommand command, CancellationToken cancellationToken);
}

/// <summary>Reports command stages to the core.</summary>
public interface ICommandAckPublisher
{
    /// <summary>Publishes <paramref name="ack"/>; completes when the broker acknowledged it, throws when it could not.</summary>
    Task PublishAsync(CommandAck ack, CancellationToken cancellationToken);
}
