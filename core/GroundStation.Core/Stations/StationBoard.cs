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
/// contacts move; turning Online again tells it the station is back. Each heartbeat is checked for station alarms
/// (clock offset, low disk, a device down), which are logged as they rise and clear and travel with the station view.
/// </summary>
public sealed partial class StationBoard(ContactService contacts, IStationAvailability availability, CoreEventHub events, StationHealthCheck health,
    ILogger<StationBoard> logger)
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
        IReadOnlyList<StationAlarm> before = [];
        var view = _stations.AddOrUpdate(status.Station,
            id => StationView.FirstHeard(id, null, null, status) with { Alarms = health.Evaluate(status, []) },
            (_, old) =>
            {
                before = old.Alarms;
                return old.Status is { } previous && previous.At > status.At
                    ? old
                    : old with { Status = status, Alarms = health.Evaluate(status, old.Alarms) };
            });
        foreach (var raised in view.Alarms.Where(a => before.All(b => b.Kind != a.Kind)))
        {
            LogAlarmRaised(logger, status.Station.Value, raised.Kind, raised.Detail);
        }

        foreach (var cleared in before.Where(b => view.Alarms.All(a => a.Kind != b.Kind)))
        {
            LogAlarmCleared(logger, status.Station.Value, cleared.Kind, cleared.Since);
        }

        events.Publish("station", CoreJson.Serialize(view));
    }

    /// <summary>Records a presence change and acts on Offline/Online transitions.</summary>
    public async Task OnPresenceAsync(StationPresence presence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presence);
        PresenceState? before = null;
        var view = _stations.AddOrUpdate(presence.Station,
            id => StationView.FirstHeard(id, presence.State, presence.Since, null),
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Station {Station} alarm {Kind}: {Detail}")]
    private static partial void LogAlarmRaised(ILogger logger, string station, StationAlarmKind kind, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Station {Station} alarm {Kind} cleared (raised {Since:O})")]
    private static partial void LogAlarmCleared(ILogger logger, string station, StationAlarmKind kind, DateTimeOffset since);

    [LoggerMessage(Level = LogLevel.Information, Message = "Station {Station} is {State} since {Since:O}")]
    private static partial void LogPresence(ILogger logger, string station, PresenceState state, DateTimeOffset since);
}
