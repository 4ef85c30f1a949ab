using GroundStation.Messaging.Contracts;

namespace GroundStation.Core.Stations;

/// <summary>
/// What the core does about a station going away and coming back beyond its own contacts: the host adapts it to the
/// scheduler (<c>StationLostAsync</c>/<c>StationBackAsync</c>), which moves the station's future contacts elsewhere.
/// </summary>
public interface IStationAvailability
{
    /// <summary>The station went offline at <paramref name="since"/>.</summary>
    Task StationLostAsync(StationId station, DateTimeOffset since, string reason, CancellationToken cancellationToken);

    /// <summary>The station is online again.</summary>
    Task StationBackAsync(StationId station, CancellationToken cancellationToken);
}
