using System.Globalization;
using GroundStation.Hardware.Hamlib;
using Microsoft.Extensions.Logging;

namespace GroundStation.Hardware.Radios;

/// <summary>
/// A radio behind Hamlib's rigctld (TCP, default port 4532). On each connection it asks <c>\chk_vfo</c> whether the
/// daemon runs in VFO mode (<c>rigctld --vfo</c>), where every command names its VFO; otherwise a client bound to a
/// VFO selects it with <c>\set_vfo</c> before each command. Daemon errors become <see cref="RadioException"/>.
/// </summary>
public sealed partial class RigctldRadio : IRadio, IAsyncDisposable
{
    private readonly HamlibConnection _connection;
    private readonly Vfo? _vfo;
    private readonly ILogger _logger;
    private bool _vfoMode;

    /// <summary>Creates a client; it connects on the first command.</summary>
    public RigctldRadio(RigctldOptions options, ILogger<RigctldRadio> logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _vfo = options.Vfo;
        _logger = logger;
        _connection = new HamlibConnection(options.Client, "rigctld", (error, message, inner) => new RadioException(error, message, inner),
            timeProvider ?? TimeProvider.System, logger)
        {
            Connected = ReadVfoModeAsync,
        };
    }

    /// <summary>True when the daemon was found in VFO mode on the last connection.</summary>
    public bool DaemonInVfoMode => _vfoMode;

    /// <inheritdoc />
    public async Task SetFrequencyAsync(Frequency frequency, CancellationToken cancellationToken = default)
    {
        await _connection.ExecuteSequenceAsync(
            () => Commands("\\set_freq", frequency.Hertz.ToString(CultureInfo.InvariantCulture)), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Frequency> GetFrequencyAsync(CancellationToken cancellationToken = default)
    {
        const string command = "\\get_freq";
        var reply = await _connection.ExecuteSequenceAsync(() => Commands(command), cancellationToken);
        try
        {
            var hertz = reply.Number("Frequency", command);
            return hertz >= 1
                ? new Frequency((long)Math.Round(hertz))
                : throw new FormatException($"rigctld reported a frequency of {hertz} Hz for '{command}'.");
        }
        catch (FormatException ex)
        {
            throw new RadioException(HamlibError.Protocol, ex.Message, ex);
        }
    }

    /// <inheritdoc />
    public async Task SetModeAsync(RadioModeSetting setting, CancellationToken cancellationToken = default)
    {
        await _connection.ExecuteSequenceAsync(
            () => Commands("\\set_mode", setting.Mode.Name, setting.Passband.Hertz.ToString(CultureInfo.InvariantCulture)), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<RadioModeSetting> GetModeAsync(CancellationToken cancellationToken = default)
    {
        const string command = "\\get_mode";
        var reply = await _connection.ExecuteSequenceAsync(() => Commands(command), cancellationToken);
        try
        {
            var passband = reply.Number("Passband", command);
            return new RadioModeSetting(new RadioMode(reply.Value("Mode", command)), new Passband(checked((int)Math.Max(0, passband))));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            throw new RadioException(HamlibError.Protocol, $"rigctld sent an unusable mode reply to '{command}': {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    // In VFO mode every command names its VFO. Otherwise the daemon acts on its selected VFO, so a client bound to
    // another one selects it first, in the same uninterrupted sequence.
    private List<string> Commands(string name, params string[] arguments)
    {
        var commands = new List<string>(2);
        if (!_vfoMode && _vfo is { } selected && selected != Vfo.Current)
        {
            commands.Add("\\set_vfo " + selected.Name);
        }

        var parts = new List<string>(arguments.Length + 2) { name };
        if (_vfoMode)
        {
            parts.Add((_vfo ?? Vfo.Current).Name);
        }

        parts.AddRange(arguments);
        commands.Add(string.Join(' ', parts));
        return commands;
    }

    private async Task ReadVfoModeAsync(CancellationToken cancellationToken)
    {
        var answer = await _connection.ExecuteSingleLineWhileConnectingAsync("\\chk_vfo", cancellationToken);
        // Hamlib 4 answers "0" or "1"; older daemons answered "CHKVFO 0".
        var token = answer.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [.., var last] ? last : string.Empty;
        _vfoMode = token switch
        {
            "1" => true,
            "0" => false,
            _ => throw new RadioException(HamlibError.Protocol, $"rigctld answered '\\chk_vfo' with '{answer}', not 0 or 1."),
        };
        LogVfoMode(_logger, _vfoMode);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "rigctld VFO mode: {VfoMode}")]
    private static partial void LogVfoMode(ILogger logger, bool vfoMode);
}
