using System.Threading.Channels;
using GroundStation.Commanding.Dictionary;
using GroundStation.Commanding.Storage;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Telemetry;
using GroundStation.Testing;

namespace GroundStation.Commanding.Tests;

/// <summary>A contact plan the test controls.</summary>
public sealed class Windows : ICommandWindowSource
{
    private readonly List<CommandWindow> _windows = [];
    private readonly Lock _gate = new();

    public event EventHandler? Changed;

    public CommandWindow Add(string station, DateTimeOffset aos, TimeSpan length, int norad = 25544)
    {
        var window = new CommandWindow(PassId.Parse($"{station}.{norad}.{aos:yyyyMMddTHHmm}Z"), StationId.Parse(station), "GS" + station.ToUpperInvariant()[..Math.Min(4, station.Length)],
            aos, aos + length);
        lock (_gate)
        {
            _windows.Add(window);
        }

        return window;
    }

    public void Remove(CommandWindow window)
    {
        lock (_gate)
        {
            _windows.Remove(window);
        }

        Changed?.Invoke(this, EventArgs.Empty);
    }

    public CommandWindow? Next(NoradId norad, DateTimeOffset after)
    {
        lock (_gate)
        {
            return _windows.Where(w => w.Los > after && w.PassId.Value.Contains($".{norad}.", StringComparison.Ordinal))
                .OrderBy(w => w.Aos).FirstOrDefault();
        }
    }
}

public sealed class Targets : ICommandTargetDirectory
{
    private readonly Dictionary<int, CommandTarget> _targets = [];

    public Targets Add(int norad, string tenant = "t1")
    {
        _targets[norad] = new CommandTarget(new NoradId(norad), tenant, $"S{norad}", SimCommands.DictionaryName);
        return this;
    }

    public CommandTarget? Find(NoradId norad) => _targets.GetValueOrDefault(norad.Value);
}

/// <summary>Keeps what the service publishes.</summary>
public sealed class RecordingPublisher : ICommandPublisher
{
    private readonly Channel<(StationId Station, SignedEnvelope Envelope)> _published = Channel.CreateUnbounded<(StationId, SignedEnvelope)>();

    public int Count { get; private set; }

    public ValueTask PublishAsync(StationId station, SignedEnvelope command, CancellationToken ct)
    {
        Count++;
        return _published.Writer.WriteAsync((station, command), ct);
    }

    public async Task<(StationId Station, Telecommand Command)> NextAsync(CoreSigningKey key)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var (station, envelope) = await _published.Reader.ReadAsync(timeout.Token);
        return (station, envelope.Open<Telecommand>(key.Resolve));
    }

    public bool TryPeek => _published.Reader.TryPeek(out _);
}

/// <summary>A command service over a temporary store on a manual clock; restartable on the same store.</summary>
public sealed class CommandHarness : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gs-commands-").FullName;

    public CommandHarness(Action<CommandingOptions>? configure = null)
    {
        Options = new CommandingOptions
        {
            DatabasePath = Path.Combine(_directory, "commands.db"),
            ReleaseLead = TimeSpan.FromMinutes(2),
            VerificationWindow = TimeSpan.FromMinutes(1),
        };
        configure?.Invoke(Options);
        Service = Start();
    }

    public static DateTimeOffset T0 { get; } = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    public ManualTimeProvider Time { get; } = new(T0);

    public CommandingOptions Options { get; }

    public Windows Windows { get; } = new();

    public Targets Targets { get; } = new Targets().Add(25544).Add(40000, tenant: "t2");

    public RecordingPublisher Publisher { get; } = new();

    public CoreSigningKey Key { get; } = CoreSigningKey.Generate();

    public CommandService Service { get; private set; }

    public CommandStore Store { get; private set; } = null!;

    public async Task RestartAsync()
    {
        await Service.DisposeAsync();
        Service = Start();
    }

    public Task<CommandOutcome> SubmitAsync(string command, byte[]? argument = null, string principal = "alice", bool approval = false,
        TimeSpan? expiresIn = null, int norad = 25544) =>
        Service.SubmitAsync(new CommandRequest(new NoradId(norad), command, argument ?? [], expiresIn, principal, "key-" + principal, approval), CancellationToken.None);

    /// <summary>Waits until the command reaches <paramref name="state"/> (changes are applied on timer threads).</summary>
    public async Task<CommandRecord> WaitForAsync(string commandId, CommandState state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var record = Store.Find(commandId)!;
            if (record.State == state)
            {
                return record;
            }

            Assert.True(DateTime.UtcNow < deadline, $"command {commandId} is {record.State}, not {state}");
            await Service.ProcessDueAsync(CancellationToken.None);
            await Task.Yield();
        }
    }

    public ValueTask HousekeepingAsync(ushort lastCommandId, int result, int norad = 25544) =>
        Service.OnDecodedAsync(new NoradId(norad), new DecodedFrame($"st1/p/{lastCommandId}-{result}", StationId.Parse("st1"), "p", Time.GetUtcNow(), Time.GetUtcNow(),
            "gs-sim-housekeeping-v1",
            [
                new ParameterValue("lastCommandId", lastCommandId, "", LimitState.Nominal),
                new ParameterValue("lastCommandResult", result, "", LimitState.Nominal),
            ]), CancellationToken.None);

    public Task AckAsync(string commandId, string station, CommandStage stage, string? reason = null) =>
        Service.OnAckAsync(new CommandAck(1, commandId, StationId.Parse(station), stage, Time.GetUtcNow(), reason), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        Key.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private CommandService Start()
    {
        Store = new CommandStore(Options.DatabasePath);
        return new CommandService(Store, new CommandDictionaryRegistry(), Targets, Windows, Publisher, Key, Options, Time);
    }
}
