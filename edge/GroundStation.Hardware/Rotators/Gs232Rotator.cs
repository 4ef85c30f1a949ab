using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using GroundStation.Hardware.Hamlib;
using GroundStation.Hardware.Serial;
using Microsoft.Extensions.Logging;

namespace GroundStation.Hardware.Rotators;

/// <summary>
/// A Yaesu GS-232A or GS-232B controller on a serial line (9600 8N1, commands end with CR, no echo). Positions are
/// whole degrees (<c>Waaa eee</c>), clamped to the configured limits and rounded inwards so that rounding never
/// crosses a limit. An invalid command makes the controller answer <c>?&gt;</c>, reported as
/// <see cref="HamlibError.Protocol"/> as Hamlib does; silence past the reply timeout is <see cref="HamlibError.Timeout"/>.
/// </summary>
public sealed partial class Gs232Rotator : IRotator, IDisposable
{
    /// <summary>The widest range the protocol can express: three digits of azimuth up to 450, elevation up to 180.</summary>
    public static readonly RotatorLimits ProtocolRange = RotatorLimits.FromDegrees(0, 450, 0, 180);

    private static readonly byte[] CarriageReturn = "\r"u8.ToArray();
    private static readonly byte[] LineBreaks = "\r\n"u8.ToArray();
    private readonly SerialLine _line;
    private readonly Gs232Options _options;
    private readonly RotatorCommandGuard _guard;
    private readonly AsciiLineReader _reader;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates a driver on an open line. The limits must lie within <see cref="ProtocolRange"/>.</summary>
    public Gs232Rotator(SerialLine line, Gs232Options options, RotatorLimits limits, ILogger<Gs232Rotator> logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(logger);
        if (!limits.IsWithin(ProtocolRange))
        {
            throw new ArgumentException($"The limits ({limits}) exceed what GS-232 can express ({ProtocolRange}).", nameof(limits));
        }

        _line = line;
        _options = options;
        _guard = new RotatorCommandGuard(limits, logger);
        _reader = new AsciiLineReader(line.Stream, 256);
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger;
    }

    /// <inheritdoc />
    public RotatorLimits Limits => _guard.Limits;

    /// <inheritdoc />
    public async Task<RotatorPosition> SetPositionAsync(RotatorPosition target, CancellationToken cancellationToken = default)
    {
        var safe = _guard.Apply(target);
        var azimuth = WholeDegreesWithin(safe.Azimuth.Degrees, Limits.MinAzimuth.Degrees, Limits.MaxAzimuth.Degrees);
        var elevation = WholeDegreesWithin(safe.Elevation.Degrees, Limits.MinElevation.Degrees, Limits.MaxElevation.Degrees);
        await CommandAsync(string.Create(CultureInfo.InvariantCulture, $"W{azimuth:000} {elevation:000}"), cancellationToken);
        return RotatorPosition.FromDegrees(azimuth, elevation);
    }

    /// <inheritdoc />
    public async Task<RotatorPosition> GetPositionAsync(CancellationToken cancellationToken = default)
    {
        const string command = "C2";
        var reply = await QueryAsync(command, cancellationToken);
        var match = (_options.Dialect == Gs232Dialect.A ? AReply() : BReply()).Match(reply);
        if (!match.Success)
        {
            throw new RotatorException(HamlibError.Protocol,
                $"The GS-232{_options.Dialect} on '{_line.Name}' answered '{command}' with '{reply}', not " +
                (_options.Dialect == Gs232Dialect.A ? "'+0aaa+0eee'." : "'AZ=aaa  EL=eee'."));
        }

        return RotatorPosition.FromDegrees(
            int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken = default) => CommandAsync("S", cancellationToken);

    /// <inheritdoc />
    public Task ParkAsync(CancellationToken cancellationToken = default) => SetPositionAsync(_options.ParkPosition, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    // Rounds to the nearest whole degree, then moves inwards if rounding crossed a limit (e.g. 449.6 with max 449.5).
    private static int WholeDegreesWithin(double degrees, double min, double max) =>
        (int)Math.Clamp(Math.Round(degrees, MidpointRounding.AwayFromZero), Math.Ceiling(min), Math.Floor(max));

    private async Task CommandAsync(string command, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Send(command);
            string? acknowledgement;
            try
            {
                acknowledgement = await ReadReplyAsync(_options.AcknowledgeTimeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                LogNoAcknowledgement(_logger, command, _line.Name);
                return;
            }

            if (acknowledgement.Contains('?', StringComparison.Ordinal))
            {
                throw Refused(command, acknowledgement);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<string> QueryAsync(string command, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Send(command);
            string reply;
            try
            {
                reply = await ReadReplyAsync(_options.ReplyTimeout, cancellationToken);
            }
            catch (TimeoutException ex)
            {
                throw new RotatorException(HamlibError.Timeout,
                    $"The GS-232{_options.Dialect} on '{_line.Name}' did not answer '{command}' within {_options.ReplyTimeout.TotalMilliseconds:0} ms.", ex);
            }

            return reply.StartsWith('?') ? throw Refused(command, reply) : reply;
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Send(string command)
    {
        try
        {
            // A reply that arrived after its command timed out must not answer this one.
            _line.DiscardInput();
            _reader.Discard();
            _line.Stream.Write(Encoding.ASCII.GetBytes(command + "\r"));
        }
        catch (IOException ex)
        {
            throw new RotatorException(HamlibError.IOError, $"Sending '{command}' to '{_line.Name}' failed: {ex.Message}", ex);
        }
    }

    // Replies end with CR (plus LF when they carry data): read to the CR, dropping a previous reply's LF first.
    private async Task<string> ReadReplyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await _reader.ReadLineAsync(CarriageReturn, LineBreaks.AsMemory(1), linked.Token)
                   ?? throw new RotatorException(HamlibError.IOError, $"The serial line '{_line.Name}' was closed.");
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No reply within {timeout.TotalMilliseconds:0} ms.", ex);
        }
        catch (IOException ex)
        {
            throw new RotatorException(HamlibError.IOError, $"Reading from '{_line.Name}' failed: {ex.Message}", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new RotatorException(HamlibError.Protocol, $"The controller on '{_line.Name}' sent garbage: {ex.Message}", ex);
        }
    }

    private RotatorException Refused(string command, string reply) =>
        new(HamlibError.Protocol, $"The GS-232{_options.Dialect} on '{_line.Name}' refused '{command}' with '{reply}'.");

    [GeneratedRegex(@"^\+0*(\d{1,3})\+0*(\d{1,3})$")]
    private static partial Regex AReply();

    [GeneratedRegex(@"^AZ=\s*(\d{1,3})\s*EL=\s*(\d{1,3})$")]
    private static partial Regex BReply();

    [LoggerMessage(Level = LogLevel.Debug, Message = "No acknowledgement of '{Command}' from '{Line}'; taken as accepted")]
    private static partial void LogNoAcknowledgement(ILogger logger, string command, string line);
}
