using System.Globalization;
using GroundStation.Hardware.Hamlib;
using Microsoft.Extensions.Logging;

namespace GroundStation.Hardware.Rotators;

/// <summary>
/// A rotator behind Hamlib's rotctld (TCP, default port 4533), which reaches every rotator model Hamlib supports.
/// Positions are clamped to <see cref="Limits"/> before they are sent; daemon errors become <see cref="RotatorException"/>
/// with the daemon's code; a daemon restart is survived by one transparent reconnect.
/// </summary>
public sealed class RotctldRotator : IRotator, IAsyncDisposable
{
    private readonly HamlibConnection _connection;
    private readonly RotatorCommandGuard _guard;

    /// <summary>Creates a client; it connects on the first command.</summary>
    public RotctldRotator(HamlibClientOptions options, RotatorLimits limits, ILogger<RotctldRotator> logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _guard = new RotatorCommandGuard(limits, logger);
        _connection = new HamlibConnection(options, "rotctld", (error, message, inner) => new RotatorException(error, message, inner),
            timeProvider ?? TimeProvider.System, logger);
    }

    /// <inheritdoc />
    public RotatorLimits Limits => _guard.Limits;

    /// <inheritdoc />
    public async Task<RotatorPosition> SetPositionAsync(RotatorPosition target, CancellationToken cancellationToken = default)
    {
        var safe = _guard.Apply(target);
        var command = string.Create(CultureInfo.InvariantCulture,
            $"\\set_pos {safe.Azimuth.Degrees:0.######} {safe.Elevation.Degrees:0.######}");
        await _connection.ExecuteAsync(command, cancellationToken);
        return safe;
    }

    /// <inheritdoc />
    public async Task<RotatorPosition> GetPositionAsync(CancellationToken cancellationToken = default)
    {
        const string command = "\\get_pos";
        var reply = await _connection.ExecuteAsync(command, cancellationToken);
        try
        {
            return RotatorPosition.FromDegrees(reply.Number("Azimuth", command), reply.Number("Elevation", command));
        }
        catch (FormatException ex)
        {
            throw new RotatorException(HamlibError.Protocol, ex.Message, ex);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken = default) =>
        _connection.ExecuteAsync("\\stop", cancellationToken);

    /// <inheritdoc />
    public Task ParkAsync(CancellationToken cancellationToken = default) =>
        _connection.ExecuteAsync("\\park", cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
