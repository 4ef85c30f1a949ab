using GroundStation.Edge.Health;
using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;
using GroundStation.Messaging.Protocol;
using Microsoft.Extensions.Logging;

namespace GroundStation.Edge.Messaging;

/// <summary>
/// Presence and heartbeat on the broker: registers Offline as the last will (see <see cref="EdgeMqtt"/>), publishes
/// Online (retained) on every (re)connection, since the broker published the will when the previous connection died,
/// and publishes <see cref="StationStatus"/> (retained) every heartbeat period while connected. A heartbeat is a
/// statement about now, so none are queued while offline; the first one goes out right after reconnecting.
/// </summary>
public sealed partial class StationPresenceService(
    MqttClient client,
    StationHealth health,
    TimeSpan heartbeatPeriod,
    TimeProvider passClock,
    TimeProvider ioClock,
    ILogger<StationPresenceService> logger)
{
    private static readonly TimeSpan ConnectionPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>Completes the first time the agent is connected and has announced itself Online.</summary>
    public Task FirstConnected => _firstConnected.Task;

    private readonly TaskCompletionSource _firstConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Runs until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var station = health.Station;
        var wasConnected = false;
        var nextHeartbeat = ioClock.GetUtcNow();
        // The connection is watched on the real clock: it is a network matter, whatever speed the pass clock runs at.
        using var timer = new PeriodicTimer(ConnectionPoll, ioClock);
        try
        {
            do
            {
                var connected = client.IsConnected;
                if (connected && !wasConnected)
                {
                    var online = new StationPresence(StationPresence.CurrentVersion, station, PresenceState.Online, passClock.GetUtcNow());
                    await client.PublishAsync(new MqttApplicationMessage(GroundStationTopics.Presence(station),
                        GroundStationMessages.Encode(online), MqttQualityOfService.AtLeastOnce, Retain: true), cancellationToken);
                    LogConnected();
                    _firstConnected.TrySetResult();
                    nextHeartbeat = ioClock.GetUtcNow();
                }
                else if (!connected && wasConnected)
                {
                    LogDisconnected();
                }

                wasConnected = connected;
                if (connected && ioClock.GetUtcNow() >= nextHeartbeat)
                {
                    // The period is in pass-clock time (so a simulated day has a simulated day's heartbeats).
                    var realPeriod = heartbeatPeriod / Math.Max(1e-9, SpeedOf(passClock));
                    nextHeartbeat = ioClock.GetUtcNow() + realPeriod;
                    await PublishStatusAsync(cancellationToken);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (ObjectDisposedException)
        {
            // The client was shut down.
        }
    }

    /// <summary>Publishes one heartbeat now.</summary>
    public async Task PublishStatusAsync(CancellationToken cancellationToken)
    {
        var status = health.Snapshot(passClock.GetUtcNow());
        await client.PublishAsync(new MqttApplicationMessage(GroundStationTopics.Status(health.Station),
            GroundStationMessages.Encode(status), MqttQualityOfService.AtLeastOnce, Retain: true), cancellationToken);
    }

    /// <summary>Announces Offline (retained) before a clean disconnect, which makes the broker discard the will.</summary>
    public async Task AnnounceOfflineAsync(CancellationToken cancellationToken)
    {
        var offline = new StationPresence(StationPresence.CurrentVersion, health.Station, PresenceState.Offline, passClock.GetUtcNow());
        await client.PublishAcknowledgedAsync(new MqttApplicationMessage(GroundStationTopics.Presence(health.Station),
            GroundStationMessages.Encode(offline), MqttQualityOfService.AtLeastOnce, Retain: true), cancellationToken);
    }

    private static double SpeedOf(TimeProvider passClock) => passClock is GroundStation.Time.ScaledTimeProvider scaled ? scaled.Speed : 1.0;

    [LoggerMessage(Level = LogLevel.Information, Message = "connected to the broker; presence Online")]
    private partial void LogConnected();

    [LoggerMessage(Level = LogLevel.Warning, Message = "lost the broker; running on the stored plan, spooling frames")]
    private partial void LogDisconnected();
}
