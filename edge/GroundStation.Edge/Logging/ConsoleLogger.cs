using System.Globalization;
using Microsoft.Extensions.Logging;

namespace GroundStation.Edge.Logging;

/// <summary>
/// A small line logger to standard error (journald and test fixtures read it): time from the agent's clock, level,
/// category and message. Microsoft.Extensions.Logging.Console would pull in configuration and options machinery the
/// agent does not need, and size matters on the edge computer.
/// </summary>
/// <param name="minimum">The lowest level written.</param>
/// <param name="clock">The agent's clock (simulated in tests and demos, so log times match pass times).</param>
public sealed class ConsoleLoggerProvider(LogLevel minimum, TimeProvider clock) : ILoggerProvider, ILoggerFactory
{
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new LineLogger(this, ShortName(categoryName));

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider)
    {
        // This factory is its own single provider.
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{clock.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {Level(level)} {category}: {message}");
        if (exception is not null)
        {
            line += $" ({exception.GetType().Name}: {exception.Message})";
        }

        lock (_gate)
        {
            Console.Error.WriteLine(line);
        }
    }

    private static string ShortName(string category)
    {
        var dot = category.LastIndexOf('.');
        return dot >= 0 ? category[(dot + 1)..] : category;
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trc",
        LogLevel.Debug => "dbg",
        LogLevel.Information => "inf",
        LogLevel.Warning => "WRN",
        LogLevel.Error => "ERR",
        _ => "CRT",
    };

    private sealed class LineLogger(ConsoleLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner._minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Write(logLevel, category, formatter(state, exception), exception);
            }
        }
    }

    private readonly LogLevel _minimum = minimum;
}
