using Microsoft.Extensions.Logging;

namespace GroundStation.Simulators.Hamlib;

/// <summary>
/// The simulators' log: one line per entry on standard error, so that standard output carries only what scripts parse
/// (the pty path, the listening endpoint). The simulators have no hosting stack to bring a console logger.
/// </summary>
public sealed class StderrLogger(string category, LogLevel minimum) : ILogger
{
    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var line = $"{logLevel.ToString().ToLowerInvariant()}: {category}: {formatter(state, exception)}";
        Console.Error.WriteLine(exception is null ? line : line + Environment.NewLine + exception);
    }
}
