using Microsoft.Extensions.Logging;

namespace GroundStation.Actors;

/// <summary>The runtime's log lines, generated so that disabled levels cost nothing.</summary>
internal static partial class ActorLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Actor {Path} failed while handling {MessageType}; its parent decides")]
    private static partial void ActorFailedCore(ILogger logger, Exception exception, ActorPath path, string messageType);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Actor {Path} failed while stopping; it stops anyway")]
    public static partial void FailedWhileStopping(ILogger logger, Exception exception, ActorPath path);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Parent} supervising {Child} after {ExceptionType}: {Directive}")]
    private static partial void SupervisingCore(ILogger logger, ActorPath parent, ActorPath child, string exceptionType, SupervisorDirective directive);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "The supervisor strategy of {Parent} threw while deciding about {Child}; escalating")]
    public static partial void DeciderFailed(ILogger logger, Exception exception, ActorPath parent, ActorPath child);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "{Child} failed more than {MaxRestarts} times within {Window}; stopping it")]
    public static partial void RestartsExhausted(ILogger logger, ActorPath child, int maxRestarts, TimeSpan window);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Actor {Path} restarted after {ExceptionType}")]
    private static partial void ActorRestartedCore(ILogger logger, ActorPath path, string exceptionType);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Lifecycle hook {Hook} of {Path} threw; carrying on")]
    public static partial void HookFailed(ILogger logger, Exception exception, ActorPath path, string hook);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "Actor {Path} stopped")]
    public static partial void ActorStopped(ILogger logger, ActorPath path);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "{Since} dead letter(s) since the last report ({Total} in all); latest: {MessageType} to {Recipient}, {Reason}")]
    private static partial void DeadLettersCore(ILogger logger, long since, long total, string messageType, string recipient, DeadLetterReason reason);

    [LoggerMessage(EventId = 10, Level = LogLevel.Critical, Message = "A failure escalated to the root of actor system {System}; stopping the user tree")]
    public static partial void RootFailure(ILogger logger, Exception exception, string system);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Actor system {System} terminated")]
    public static partial void SystemTerminated(ILogger logger, string system);

    // The wrappers below name types only when the level is on, so the hot paths pay nothing for disabled logs.
    public static void ActorFailed(ILogger logger, Exception exception, ActorPath path, object? message)
    {
        if (logger.IsEnabled(LogLevel.Error))
        {
            ActorFailedCore(logger, exception, path, message?.GetType().Name ?? "(lifecycle hook)");
        }
    }

    public static void Supervising(ILogger logger, ActorPath parent, ActorPath child, Exception cause, SupervisorDirective directive)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            var exceptionType = cause.GetType().Name;
            SupervisingCore(logger, parent, child, exceptionType, directive);
        }
    }

    public static void ActorRestarted(ILogger logger, ActorPath path, Exception cause)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            var exceptionType = cause.GetType().Name;
            ActorRestartedCore(logger, path, exceptionType);
        }
    }

    public static void DeadLetters(ILogger logger, long since, long total, DeadLetter latest)
    {
        if (logger.IsEnabled(LogLevel.Warning))
        {
            DeadLettersCore(logger, since, total, latest.Message.GetType().Name, latest.Recipient?.Path.ToString() ?? "(no recipient)", latest.Reason);
        }
    }
}
