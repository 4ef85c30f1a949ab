using GroundStation.Commanding;
using GroundStation.Core.Mqtt;
using GroundStation.Core.Stations;
using GroundStation.Messaging.Contracts;
using GroundStation.Scheduling;

namespace GroundStation.Core.Adapters;

/// <summary>Station loss and return, told to the scheduler so the station's future contacts move elsewhere and back.</summary>
public sealed class SchedulerStationAvailability(SchedulerService scheduler) : IStationAvailability
{
    /// <inheritdoc />
    public Task StationLostAsync(StationId station, DateTimeOffset since, string reason, CancellationToken cancellationToken) =>
        scheduler.StationLostAsync(station, since, reason, cancellationToken);

    /// <inheritdoc />
    public Task StationBackAsync(StationId station, CancellationToken cancellationToken) =>
        scheduler.StationBackAsync(station, cancellationToken);
}

/// <summary>Command acknowledgements from the bridge, to commanding.</summary>
public sealed class CommandingAckSink(CommandService commands) : ICommandAckSink
{
    /// <inheritdoc />
    public async ValueTask OnAckAsync(CommandAck ack, CancellationToken cancellationToken) => await commands.OnAckAsync(ack, cancellationToken);
}
