using System.Globalization;

namespace GroundStation.Simulators.Satellite;

/// <summary>What the space-segment commands share: one-line input errors with exit code 2, and running until told.</summary>
internal static class CommandRunner
{
    /// <summary>Runs <paramref name="body"/>; a bad option prints <c>gs-sim NAME: error: ...</c> and returns 2.</summary>
    public static async Task<int> RunAsync(string name, Func<Task> body)
    {
        try
        {
            await body();
            return 0;
        }
        catch (SimulatorInputException problem)
        {
            await Console.Error.WriteLineAsync($"gs-sim {name}: error: {problem.Message}");
            return 2;
        }
    }

    /// <summary>Parses an optional ISO-8601 instant option.</summary>
    public static DateTimeOffset? ParseInstant(string? text, string option) =>
        text is null
            ? null
            : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
                ? instant
                : throw new SimulatorInputException($"{option}: '{text}' is not an ISO-8601 instant such as 2014-01-23T06:00:00Z.");

    /// <summary>Waits until the simulated clock reaches <paramref name="stopAt"/> (never, when null) or cancellation.</summary>
    public static async Task RunUntilAsync(TimeProvider clock, DateTimeOffset? stopAt, CancellationToken cancellationToken)
    {
        try
        {
            var remaining = stopAt is { } end ? end - clock.GetUtcNow() : Timeout.InfiniteTimeSpan;
            if (remaining != Timeout.InfiniteTimeSpan && remaining <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(remaining, clock, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C or SIGTERM: the caller disposes everything and exits 0.
        }
    }
}
