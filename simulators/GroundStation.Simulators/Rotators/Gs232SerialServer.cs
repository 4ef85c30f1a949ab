using System.Text;
using GroundStation.Hardware.Rotators;
using Microsoft.Extensions.Logging;

namespace GroundStation.Simulators.Rotators;

/// <summary>Serves the GS-232 protocol on a byte stream (a pty master, one end of a socat pair, a real serial port).</summary>
public sealed partial class Gs232SerialServer(SimulatedRotator rotator, Gs232Dialect dialect, ILogger logger)
{
    private const int MaxCommandLength = 64;
    private readonly Gs232Responder _responder = new(rotator, dialect);

    /// <summary>Answers commands until the stream ends or <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[256];
        var command = new StringBuilder();
        while (!cancellationToken.IsCancellationRequested)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (read == 0)
            {
                LogEnded(logger);
                return;
            }

            for (var i = 0; i < read; i++)
            {
                var b = (char)buffer[i];
                if (b == '\n')
                {
                    continue;
                }

                if (b != '\r')
                {
                    // A controller's buffer is small; an endless line is noise, answered as invalid once it ends.
                    if (command.Length <= MaxCommandLength)
                    {
                        command.Append(b);
                    }

                    continue;
                }

                var line = command.Length > MaxCommandLength ? "?" : command.ToString();
                command.Clear();
                var reply = _responder.Respond(line);
                LogExchange(logger, line, reply ?? string.Empty);
                if (reply is not null)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(reply), cancellationToken);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "GS-232 '{Command}' -> '{Reply}'")]
    private static partial void LogExchange(ILogger logger, string command, string reply);

    [LoggerMessage(Level = LogLevel.Information, Message = "The serial peer closed the line")]
    private static partial void LogEnded(ILogger logger);
}
