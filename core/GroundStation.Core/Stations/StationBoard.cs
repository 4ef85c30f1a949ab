using System.Collections.Concurrent;
using GroundStation.Core.Contacts;
using GroundStation.Core.Events;
using GroundStation.Messaging.Contracts;
using GroundStation.Registry.Api;
using Microsoft.Extensions.Logging;

namespace GroundStation.Core.Stations;

/// <summary>
/// Live station presence and status from the retained <c>status</c> and <c>presence</c> topics. A station turning
/// Offline fails its active contact ("station offline") and tells <see cref="IStationAvailability"/>, so its future
/// contacts move; turning Online again tells it the station is back.
/// </summary>
public sealed partial class StationBoard(ContactService contacts, IStationAvailability availability, CoreEventHub events, ILogger<StationBoard> logger)
    : IStationStatusProvider
{
    private readonly ConcurrentDictionary<StationId, StationView> _stations = new();

    /// <summary>Every station heard of, by id.</summary>
    public IReadOnlyList<StationView> All => [.. _stations.Values.OrderBy(view => view.Station.Value, StringComparer.Ordinal)];

    /// <summary>One station's view, or null when nothing was heard from it.</summary>
    public StationView? Find(StationId station) => _stations.TryGetValue(station, out var view) ? view : null;

    /// <summary>The station's presence ("Online", "Offline") for the registry's station list; null when never heard from.</summary>
    public string? StatusOf(StationId station) => Find(station)?.Presence?.ToString();

    /// <summary>Records a status report.</summary>
    public void OnStatus(StationStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var view = _stations.AddOrUpdate(status.Station,
            id => new StationView(id, null, null, status),
            (_, old) => old.Status is { } previous && previous.At > status.At ? old : old with { Status = status });
        events.Publish("station", CoreJson.Serialize(view));
    }

    /// <summary>Records a presence change and acts on Offline/Online transitions.</summary>
    public async Task OnPresenceAsync(StationPresence presence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presence);
        PresenceState? before = null;
        var view = _stations.AddOrUpdate(presence.Station,
            id => new StationView(id, presence.State, presence.Since, null),
            (_, old) =>
            {
                before = old.Presence;
                return old with { Presence = presence.State, PresenceSince = presence.Since };
            });
        events.Publish("station", CoreJson.Serialize(view));
        if (before == presence.State)
        {
            return;
        }

        LogPresence(logger, presence.Station.Value, presence.State, presence.Since);
        if (presence.State == PresenceState.Offline)
        {
            contacts.StationOffline(presence.Station, presence.Since);
            await availability.StationLostAsync(presence.Station, presence.Since, "station offline", cancellationToken);
        }
        else if (before == PresenceState.Offline)
        {
            await availability.StationBackAsync(presence.Station, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Station {Station} is {State} since {Since:O}")]
    private static partial void LogPresence(ILogger logger, string station, PresenceState state, DateTimeOffset since);
}
