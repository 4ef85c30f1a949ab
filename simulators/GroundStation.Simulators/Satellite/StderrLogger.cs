using Microsoft.Extensions.Logging;

namespace GroundStation.Simulators.Satellite;

/// <summary>
/// A minimal logger factory writing one line per event to standard error, so that a simulator's refusals and link
/// events are visible without a logging package (Microsoft.Extensions.Logging.Console is not pinned here).
/// </summary>
internal sealed class StderrLoggerFactory(LogLevel minimum, TimeProvider clock) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new StderrLogger(categoryName[(categoryName.LastIndexOf('.') + 1)..], minimum, clock);

    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("The simulators' logger writes to standard error only.");

    public void Dispose()
    {
        // Nothing is buffered: every line is written when logged.
    }

    private sealed class StderrLogger(string category, LogLevel minimum, TimeProvider clock) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            Console.Error.WriteLine($"{clock.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {logLevel} {category}: {formatter(state, exception)}" +
                                    (exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})"));
        }
    }
}
