using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace GroundStation.Edge.Passes;

/// <summary>
/// Runs the operator's pre-pass and post-pass commands (e.g. switch a preamplifier, start a recorder). The command
/// gets the pass in its environment (GS_PASS_ID, GS_NORAD_ID, GS_AOS, GS_LOS, GS_PHASE). A hook that fails or runs
/// past its timeout is logged and killed; it never stops the pass, because the antenna must still follow the satellite.
/// </summary>
/// <param name="timeout">How long a hook may run.</param>
/// <param name="time">The agent's clock (the timeout is measured on it).</param>
/// <param name="logger">Where outcomes go.</param>
public sealed partial class PassHooks(TimeSpan timeout, TimeProvider time, ILogger<PassHooks> logger)
{
    /// <summary>Runs <paramref name="command"/> (program then arguments) for a pass; returns its exit code, or null if it did not finish.</summary>
    public async Task<int?> RunAsync(IReadOnlyList<string>? command, PassSchedule pass, string phase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        if (command is null || command.Count == 0)
        {
            return null;
        }

        var info = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardOutput = false, RedirectStandardError = false };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["GS_PASS_ID"] = pass.Id.Value;
        info.Environment["GS_NORAD_ID"] = pass.Pass.NoradId.ToString(CultureInfo.InvariantCulture);
        info.Environment["GS_AOS"] = pass.Aos.ToString("O", CultureInfo.InvariantCulture);
        info.Environment["GS_LOS"] = pass.Los.ToString("O", CultureInfo.InvariantCulture);
        info.Environment["GS_PHASE"] = phase;
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("the process did not start");
        }
        catch (Exception error) when (error is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            LogStartFailed(phase, command[0], pass.Id.Value, error.Message);
            return null;
        }

        using (process)
        using (var deadline = new CancellationTokenSource(timeout, time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken))
        {
            try
            {
                await process.WaitForExitAsync(linked.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                LogTimedOut(phase, command[0], pass.Id.Value, timeout);
                cancellationToken.ThrowIfCancellationRequested();
                return null;
            }

            if (process.ExitCode != 0)
            {
                LogExitCode(phase, command[0], pass.Id.Value, process.ExitCode);
            }

            return process.ExitCode;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Phase} hook '{Program}' for pass {PassId} did not start: {Reason}")]
    private partial void LogStartFailed(string phase, string program, string passId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Phase} hook '{Program}' for pass {PassId} ran past {Timeout} and was killed")]
    private partial void LogTimedOut(string phase, string program, string passId, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Phase} hook '{Program}' for pass {PassId} exited with code {Code}")]
    private partial void LogExitCode(string phase, string program, string passId, int code);
}
