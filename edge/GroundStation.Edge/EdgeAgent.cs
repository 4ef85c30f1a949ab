using GroundStation.Edge.Commanding;
using GroundStation.Edge.Commands;
using GroundStation.Edge.Configuration;
using GroundStation.Edge.Health;
using GroundStation.Edge.Messaging;
using GroundStation.Edge.Passes;
using GroundStation.Edge.Plans;
using GroundStation.Edge.Spool;
using GroundStation.Edge.Storage;
using GroundStation.Edge.Telemetry;
using GroundStation.Frames.Kiss;
using GroundStation.Hardware.Hamlib;
using GroundStation.Hardware.Radios;
using GroundStation.Hardware.Rotators;
using GroundStation.Hardware.Tnc;
using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;
using GroundStation.Messaging.Protocol;
using Microsoft.Extensions.Logging;

namespace GroundStation.Edge;

/// <summary>
/// The edge agent: wires configuration, the stored plan, the pass executor, the devices, the telemetry spool, the
/// command gate and the broker connection, and runs them until stopped. Two clocks: the pass clock drives everything
/// about passes (simulated in tests and demos), the I/O clock measures network and device timeouts (always real).
/// </summary>
public sealed partial class EdgeAgent
{
    private readonly EdgeConfiguration _configuration;
    private readonly TimeProvider _passClock;
    private readonly TimeProvider _ioClock;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<EdgeAgent> _logger;

    /// <summary>Creates the agent; nothing starts until <see cref="RunAsync"/>.</summary>
    public EdgeAgent(EdgeConfiguration configuration, TimeProvider passClock, TimeProvider ioClock, ILoggerFactory loggers)
    {
        _configuration = configuration ?? throw new ArgumentNullException(nameof(configuration));
        _passClock = passClock ?? throw new ArgumentNullException(nameof(passClock));
        _ioClock = ioClock ?? throw new ArgumentNullException(nameof(ioClock));
        _loggers = loggers ?? throw new ArgumentNullException(nameof(loggers));
        _logger = loggers.CreateLogger<EdgeAgent>();
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> fires, then leaves cleanly (presence Offline, DISCONNECT).</summary>
    /// <exception cref="ConfigurationException">The core key or the broker credentials cannot be read.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var config = _configuration;
        var station = config.Station.Id;
        using var coreKey = LoadCoreKey(config.CorePublicKeyFile);
        using var store = new EdgeStore(Path.Combine(config.DataDirectory, "edge.db"));
        await using var client = new MqttClient(EdgeMqtt.Options(config, _passClock.GetUtcNow()), _ioClock, _loggers.CreateLogger<MqttClient>());
        using var outbox = new OutboxForwarder(store, client, _loggers.CreateLogger<OutboxForwarder>());

        var rotatorLink = new DeviceLink(DeviceLinkState.Degraded);
        await using var rotator = new RotctldRotator(new HamlibClientOptions { Endpoint = config.Rotator.Endpoint }, config.Rotator.Limits,
            _loggers.CreateLogger<RotctldRotator>(), _ioClock);
        var radioLink = config.Radio is null ? DeviceLink.NotConfigured() : new DeviceLink(DeviceLinkState.Degraded);
        await using var radio = CreateRadio(config.Radio);
        var uplinkLink = config.UplinkRadio is null ? DeviceLink.NotConfigured() : new DeviceLink(DeviceLinkState.Degraded);
        await using var uplinkRadio = CreateRadio(config.UplinkRadio);
        await using var tnc = KissTnc.ConnectTcp(config.Tnc.Host, config.Tnc.Port, _passClock, _loggers.CreateLogger<KissTnc>());

        var events = new PassEventRecorder(store, station, _passClock, outbox.Wake, _loggers.CreateLogger<PassEventRecorder>());
        var hooks = new PassHooks(config.Tracking.HookTimeout, _passClock, _loggers.CreateLogger<PassHooks>());
        var devices = new PassDevices(rotator, rotatorLink, radio, radioLink, uplinkRadio, uplinkLink);
        var executor = new PassExecutor(config.Station, config.Rotator, config.Tracking, devices, events, hooks, _passClock,
            _loggers.CreateLogger<PassExecutor>());
        var plans = new PlanService(store, coreKey, config, executor, _passClock, outbox.Wake, _loggers.CreateLogger<PlanService>());
        plans.LoadStored();

        await using var spool = await FrameSpool.OpenAsync(
            new SpoolOptions { DatabasePath = Path.Combine(config.DataDirectory, "spool.db"), MaxBytes = config.Spool.MaximumBytes, FullPolicy = config.Spool.Policy },
            _passClock, _loggers.CreateLogger<FrameSpool>(), cancellationToken);
        spool.Overflowed += (_, overflow) => LogSpoolOverflow(overflow.Outcome, overflow.DroppedFrameIds.Count, overflow.Reason);
        await using var forwarder = new SpoolForwarder(spool, new MqttFramePublisher(client),
            new SpoolForwarderOptions { MaxFramesPerSecond = config.Spool.ForwardRatePerSecond }, _ioClock, _loggers.CreateLogger<SpoolForwarder>());
        var ingest = new FrameIngest(tnc, spool, station, executor.PassForArrivingFrame, _loggers.CreateLogger<FrameIngest>());

        var windows = new PassCommandWindows(executor, events, _passClock);
        await using var gate = await CommandGate.OpenAsync(
            new CommandGateOptions { Station = station, TrustedKeys = CommandGateOptions.Trusting(coreKey), DatabasePath = Path.Combine(config.DataDirectory, "commands.db") },
            _passClock, windows, windows, new TncTelecommandUplink(tnc, new KissPort(config.Tnc.KissPort)), new MqttCommandAckPublisher(client),
            _loggers.CreateLogger<CommandGate>(), cancellationToken);

        var clock = new ClockMonitor(config.Health, new SntpClient(_passClock), _loggers.CreateLogger<ClockMonitor>());
        var health = new StationHealth(station, rotatorLink, radioLink, tnc, () => spool.Statistics.Depth, config.DataDirectory, clock,
            () => executor.Active?.Schedule.Id.Value);
        var presence = new StationPresenceService(client, health, config.Health.HeartbeatPeriod, _passClock, _ioClock,
            _loggers.CreateLogger<StationPresenceService>());

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = stopping.Token;
        client.Start();
        forwarder.Start();
        LogStarted(station, config.Broker.Host, config.Broker.Port, plans.Version);
        var tasks = new List<Task>
        {
            executor.RunAsync(token),
            outbox.RunAsync(token),
            ingest.RunAsync(token),
            presence.RunAsync(token),
            SubscribeAsync(client, station, token),
            DispatchAsync(client, plans, gate, station, token),
            gate.RunAsync(token),
            ClockLoopAsync(clock, token),
        };
        try
        {
            await Task.WhenAny(Task.WhenAll(tasks), Task.Delay(Timeout.Infinite, token));
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping.
        }

        await stopping.CancelAsync();
        await WhenAllQuietly(tasks);
        await forwarder.StopAsync();
        await LeaveAsync(client, presence);
        LogStopped(ingest.Spooled, ingest.DroppedOutsidePass, spool.Statistics.Depth);
    }

    private static CoreSigningKey LoadCoreKey(string path)
    {
        try
        {
            return CoreSigningKey.FromPublicPem(File.ReadAllText(path), path);
        }
        catch (Exception error) when (error is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"coreKeyFile: {error.Message}", error);
        }
    }

    private RigctldRadio? CreateRadio(RadioSettings? settings) =>
        settings is null
            ? null
            : new RigctldRadio(new RigctldOptions
            {
                Client = new HamlibClientOptions { Endpoint = settings.Endpoint },
                Vfo = settings.Vfo is null ? null : new Vfo(settings.Vfo),
            }, _loggers.CreateLogger<RigctldRadio>(), _ioClock);

    private async Task SubscribeAsync(MqttClient client, StationId station, CancellationToken cancellationToken)
    {
        try
        {
            // Waits for the first connection; the client restores the subscriptions by itself afterwards.
            var codes = await client.SubscribeAsync(
            [
                new MqttSubscription(TopicFilter.From(GroundStationTopics.Plan(station)), MqttQualityOfService.AtLeastOnce),
                new MqttSubscription(TopicFilter.From(GroundStationTopics.Commands(station)), MqttQualityOfService.AtLeastOnce),
            ], cancellationToken);
            if (codes.Any(c => c == MqttSubscribeReturnCode.Failure))
            {
                LogSubscribeRefused(station);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping before the broker was ever reached.
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }

    private async Task DispatchAsync(MqttClient client, PlanService plans, CommandGate gate, StationId station, CancellationToken cancellationToken)
    {
        var planTopic = GroundStationTopics.Plan(station);
        var commandTopic = GroundStationTopics.Commands(station);
        try
        {
            await foreach (var message in client.Messages.ReadAllAsync(cancellationToken))
            {
                try
                {
                    if (message.Topic == planTopic)
                    {
                        plans.OnMessage(message.Payload);
                    }
                    else if (message.Topic == commandTopic)
                    {
                        var result = await gate.ReceiveAsync(message.Payload, cancellationToken);
                        if (!result.Accepted)
                        {
                            LogCommandRefused(result.CommandId ?? "(unreadable)", result.Code ?? "refused", result.Detail);
                        }
                    }
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // One bad message must not end the loop that receives every plan and command.
                    LogDispatchFailed(message.Topic.Value, error);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task ClockLoopAsync(ClockMonitor clock, CancellationToken cancellationToken)
    {
        if (_configuration.Health.NtpServer is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(_configuration.Health.HeartbeatPeriod, _passClock);
        try
        {
            do
            {
                await clock.MeasureAsync(cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task LeaveAsync(MqttClient client, StationPresenceService presence)
    {
        if (!client.IsConnected)
        {
            return;
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2), _ioClock);
        try
        {
            await presence.AnnounceOfflineAsync(deadline.Token);
            await client.DisconnectAsync(deadline.Token);
        }
        catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The will announces Offline anyway.
            LogLeaveFailed(error.Message);
        }
    }

    private async Task WhenAllQuietly(IEnumerable<Task> tasks)
    {
        foreach (var task in tasks)
        {
            try
            {
                await task;
            }
            catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException)
            {
                // Expected while stopping.
            }
            catch (Exception error)
            {
                LogTaskFailed(error);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "gs-edge started: station {Station}, broker {Host}:{Port}, plan v{PlanVersion}")]
    private partial void LogStarted(StationId station, string host, int port, long? planVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "gs-edge stopped: {Spooled} frames spooled, {Dropped} dropped outside passes, {Depth} waiting in the spool")]
    private partial void LogStopped(long spooled, long dropped, long depth);

    [LoggerMessage(Level = LogLevel.Error, Message = "SPOOL FULL: {Outcome}, {Dropped} frames dropped: {Reason}")]
    private partial void LogSpoolOverflow(SpoolAppendOutcome outcome, int dropped, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "the broker refused a subscription of station {Station}: check the station key's permissions")]
    private partial void LogSubscribeRefused(StationId station);

    [LoggerMessage(Level = LogLevel.Error, Message = "a message on {Topic} could not be handled")]
    private partial void LogDispatchFailed(string topic, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "command {CommandId} refused: {Code}: {Detail}")]
    private partial void LogCommandRefused(string commandId, string code, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "leaving the broker cleanly failed: {Reason}")]
    private partial void LogLeaveFailed(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "an agent task failed")]
    private partial void LogTaskFailed(Exception error);
}
