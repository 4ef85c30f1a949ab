using GroundStation.Frames.Ax25;

namespace GroundStation.Simulators.Satellite;

/// <summary>Settings of a <see cref="SimulatedSatellite"/>.</summary>
public sealed record SimulatedSatelliteOptions
{
    /// <summary>The spacecraft's AX.25 address: beacons come from it, telecommands must be sent to it.</summary>
    public required Ax25Address Callsign { get; init; }

    /// <summary>The destination address of housekeeping frames.</summary>
    public Ax25Address TelemetryDestination { get; init; } = new("GSTLM");

    /// <summary>The orbital period, which drives the simulated power and thermal cycle.</summary>
    public TimeSpan OrbitalPeriod { get; init; } = TimeSpan.FromMinutes(95);

    /// <summary>How often a housekeeping sample is stored on board for dump-stored-telemetry.</summary>
    public TimeSpan StoreInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How many stored samples the on-board store keeps; the oldest is overwritten first.</summary>
    public int StoreCapacity { get; init; } = 256;

    /// <summary>Seed of the sensor noise, so that a scenario replays identically.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (OrbitalPeriod < TimeSpan.FromMinutes(10) || StoreInterval < TimeSpan.FromSeconds(1) || StoreCapacity < 1)
        {
            throw new ArgumentException(
                $"{nameof(OrbitalPeriod)} must be at least 10 min ({OrbitalPeriod}), {nameof(StoreInterval)} at least 1 s " +
                $"({StoreInterval}) and {nameof(StoreCapacity)} at least 1 ({StoreCapacity}).");
        }
    }
}

/// <summary>
/// The simulated spacecraft: housekeeping that follows an orbital power and thermal cycle, an on-board telemetry
/// store, and a command handler for ping, set-mode, reboot and dump-stored-telemetry whose outcome it reports in its
/// next housekeeping frame. It has no clock of its own: every call says what time it is, so it runs at any speed.
/// Thread-safe.
/// </summary>
public sealed class SimulatedSatellite
{
    private readonly SimulatedSatelliteOptions _options;
    private readonly Lock _gate = new();
    private readonly Random _noise;
    private readonly Queue<Housekeeping> _store = new();
    private readonly DateTimeOffset _epoch;
    private DateTimeOffset _bootedAt;
    private DateTimeOffset _nextStoreAt;
    private ushort _sequence;
    private byte _bootCount;
    private ushort _commandsReceived;
    private ushort _commandsRejected;
    private ushort _lastCommandId;
    private byte _lastCommandOpcode;
    private CommandResult _lastCommandResult;

    /// <summary>Creates a spacecraft that booted (in Nominal mode) at <paramref name="bootedAt"/>.</summary>
    public SimulatedSatellite(SimulatedSatelliteOptions options, DateTimeOffset bootedAt)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _noise = new Random(options.Seed);
        _epoch = bootedAt;
        _bootedAt = bootedAt;
        _nextStoreAt = bootedAt + options.StoreInterval;
        Mode = SpacecraftMode.Nominal;
    }

    /// <summary>The spacecraft's address.</summary>
    public Ax25Address Callsign => _options.Callsign;

    /// <summary>The operating mode now.</summary>
    public SpacecraftMode Mode { get; private set; }

    /// <summary>Samples waiting in the on-board store.</summary>
    public int StoredSamples
    {
        get
        {
            lock (_gate)
            {
                return _store.Count;
            }
        }
    }

    /// <summary>A live housekeeping beacon sampled at <paramref name="now"/>.</summary>
    public Ax25UiFrame Beacon(DateTimeOffset now)
    {
        lock (_gate)
        {
            StoreUpTo(now);
            return Frame(Sample(now, HousekeepingKind.Live));
        }
    }

    /// <summary>
    /// Handles a frame received on the uplink at <paramref name="now"/>. Frames addressed to another station are
    /// ignored (empty result). A telecommand is executed or rejected, and the reply is a live housekeeping frame that
    /// acknowledges it, followed by stored samples for dump-stored-telemetry.
    /// </summary>
    public IReadOnlyList<Ax25UiFrame> Receive(Ax25UiFrame uplink, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(uplink);
        if (uplink.Destination != _options.Callsign)
        {
            return [];
        }

        lock (_gate)
        {
            StoreUpTo(now);
            _commandsReceived++;
            var decoded = Telecommand.Decode(uplink.Info.Span);
            var dumped = new List<Housekeeping>();
            if (decoded.IsSuccess)
            {
                var command = decoded.Value;
                _lastCommandId = command.CommandId;
                _lastCommandOpcode = (byte)command.Opcode;
                _lastCommandResult = Execute(command, now, dumped);
            }
            else
            {
                _lastCommandId = 0;
                _lastCommandOpcode = 0;
                _lastCommandResult = CommandResult.Malformed;
            }

            if (_lastCommandResult != CommandResult.Executed)
            {
                _commandsRejected++;
            }

            var replies = new List<Ax25UiFrame> { Frame(Sample(now, HousekeepingKind.Live)) };
            foreach (var stored in dumped)
            {
                replies.Add(Frame(stored with { Kind = HousekeepingKind.Stored, Sequence = _sequence++ }));
            }

            return replies;
        }
    }

    private CommandResult Execute(Telecommand command, DateTimeOffset now, List<Housekeeping> dumped)
    {
        var argument = command.Argument.Span;
        switch (command.Opcode)
        {
            case TelecommandOpcode.Ping:
                return argument.IsEmpty ? CommandResult.Executed : CommandResult.BadArgument;
            case TelecommandOpcode.SetMode:
                if (argument.Length != 1 || !Enum.IsDefined((SpacecraftMode)argument[0]))
                {
                    return CommandResult.BadArgument;
                }

                Mode = (SpacecraftMode)argument[0];
                return CommandResult.Executed;
            case TelecommandOpcode.Reboot:
                if (!argument.IsEmpty)
                {
                    return CommandResult.BadArgument;
                }

                _bootedAt = now;
                _bootCount++;
                Mode = SpacecraftMode.Safe;
                return CommandResult.Executed;
            case TelecommandOpcode.DumpStoredTelemetry:
                if (argument.Length != 1)
                {
                    return CommandResult.BadArgument;
                }

                var count = argument[0] == 0 ? _store.Count : Math.Min(argument[0], _store.Count);
                for (var i = 0; i < count; i++)
                {
                    dumped.Add(_store.Dequeue());
                }

                return CommandResult.Executed;
            default:
                return CommandResult.UnknownOpcode;
        }
    }

    private void StoreUpTo(DateTimeOffset now)
    {
        // After a long gap only the newest samples can survive in the store, so older ones are never computed.
        var capacitySpan = _options.StoreInterval * _options.StoreCapacity;
        if (now - _nextStoreAt > capacitySpan)
        {
            var skipped = (long)((now - _nextStoreAt - capacitySpan) / _options.StoreInterval);
            _nextStoreAt += _options.StoreInterval * skipped;
        }

        while (_nextStoreAt <= now)
        {
            if (_store.Count == _options.StoreCapacity)
            {
                _store.Dequeue();
            }

            _store.Enqueue(Sample(_nextStoreAt, HousekeepingKind.Stored, consumeSequence: false));
            _nextStoreAt += _options.StoreInterval;
        }
    }

    private Housekeeping Sample(DateTimeOffset at, HousekeepingKind kind, bool consumeSequence = true)
    {
        var phase = 2 * Math.PI * ((at - _epoch).TotalSeconds / _options.OrbitalPeriod.TotalSeconds);
        var sun = Math.Max(0, (Math.Sin(phase) + 0.3) / 1.3);
        var load = Mode switch
        {
            SpacecraftMode.Safe => 120,
            SpacecraftMode.Nominal => 350,
            _ => 800,
        };
        var current = (900 * sun) - load + _noise.Next(-10, 11);
        var voltage = Math.Clamp(7200 + (0.5 * current) + (300 * Math.Sin(phase - 0.5)) + _noise.Next(-5, 6), 6000, 8400);
        var uptime = Math.Max(0, (at - _bootedAt).TotalSeconds);
        return new Housekeeping(
            kind,
            consumeSequence ? _sequence++ : (ushort)0,
            DateTimeOffset.FromUnixTimeSeconds(at.ToUnixTimeSeconds()),
            (uint)Math.Min(uptime, uint.MaxValue),
            Mode,
            _bootCount,
            (ushort)voltage,
            (short)Math.Round(current),
            (short)Math.Round(150 + (80 * Math.Sin(phase - 1))),
            (short)Math.Round(250 + (60 * Math.Sin(phase - 0.8)) + (40 * (int)Mode)),
            (short)Math.Round(200 + (600 * Math.Sin(phase))),
            _commandsReceived,
            _commandsRejected,
            _lastCommandId,
            _lastCommandOpcode,
            _lastCommandResult);
    }

    private Ax25UiFrame Frame(Housekeeping housekeeping) =>
        new(_options.TelemetryDestination, _options.Callsign, housekeeping.Encode());
}
