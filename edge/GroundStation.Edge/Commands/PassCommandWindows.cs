using GroundStation.Edge.Commanding;
using GroundStation.Edge.Passes;
using GroundStation.Frames.Kiss;
using GroundStation.Hardware.Tnc;
using GroundStation.Messaging.Contracts;

namespace GroundStation.Edge.Commands;

/// <summary>
/// The command gate's view of the plan and of each pass's uplink window, from the pass executor: a pass is known while
/// it is in the plan in force; its window is Open only while it is Tracking and the satellite is above the station's
/// threshold (minimum elevation and horizon mask) now, and Closed once the pass ended (LOS, Completed or Failed).
/// </summary>
/// <param name="executor">The pass executor.</param>
/// <param name="events">The recorded pass states.</param>
/// <param name="time">The agent's clock.</param>
public sealed class PassCommandWindows(PassExecutor executor, IPassEventSink events, TimeProvider time) : IPassDirectory, IUplinkWindow
{
    /// <inheritdoc />
    public PassWindow? Find(PassId passId)
    {
        var pass = executor.Plan.FirstOrDefault(p => p.Id == passId);
        return pass is null ? null : new PassWindow(pass.Id, pass.Aos, pass.Los);
    }

    /// <inheritdoc />
    public UplinkWindowState GetState(PassId passId)
    {
        var pass = executor.Plan.FirstOrDefault(p => p.Id == passId);
        if (pass is null)
        {
            return UplinkWindowState.Unknown;
        }

        if (time.GetUtcNow() >= pass.Los || events.LastState(passId) is PassState.Completed or PassState.Failed or PassState.PostPass)
        {
            return UplinkWindowState.Closed;
        }

        return executor.IsUplinkOpen(passId) ? UplinkWindowState.Open : UplinkWindowState.NotYetOpen;
    }
}

/// <summary>Uplinks a telecommand's payload (a complete AX.25 UI frame without FCS) unchanged as a KISS data frame.</summary>
/// <param name="tnc">The TNC.</param>
/// <param name="port">The KISS port (radio channel) to send on.</param>
public sealed class TncTelecommandUplink(ITnc tnc, KissPort port) : ITelecommandUplink
{
    /// <inheritdoc />
    public async Task SendAsync(Telecommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await tnc.SendAsync(port, command.Payload, cancellationToken);
    }
}
