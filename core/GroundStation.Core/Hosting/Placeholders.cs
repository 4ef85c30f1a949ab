using GroundStation.Core.Mqtt;
using GroundStation.Core.Stations;
using GroundStation.Messaging.Contracts;

namespace GroundStation.Core.Hosting;

internal sealed class UnplannedStations : IStationAvailability
{
    public Task StationLostAsync(StationId station, DateTimeOffset since, string reason, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StationBackAsync(StationId station, CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class UnhandledAcks : ICommandAckSink
{
    public ValueTask OnAckAsync(CommandAck ack, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
