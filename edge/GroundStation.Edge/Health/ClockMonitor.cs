using System.Net.Sockets;
using GroundStation.Edge.Configuration;
using Microsoft.Extensions.Logging;

namespace GroundStation.Edge.Health;

/// <summary>
/// Measures the station clock against the configured NTP server and raises the clock alarm (a warning in the log, and
/// the offset in every heartbeat) when the offset exceeds the threshold; the alarm clears, logged, when it is back.
/// Without an NTP server the offset is reported as 0 and never alarms.
/// </summary>
public sealed partial class ClockMonitor(HealthSettings settings, SntpClient sntp, ILogger<ClockMonitor> logger)
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(2);
    private long _offsetTicks;
    private int _alarm;

    /// <summary>The last measured offset (station minus reference).</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>True while the offset exceeds the threshold.</summary>
    public bool Alarm => Volatile.Read(ref _alarm) != 0;

    /// <summary>Takes one measurement (no-op without an NTP server); failures are logged, not thrown.</summary>
    public async Task MeasureAsync(CancellationToken cancellationToken)
    {
        if (settings.NtpServer is null || !ConfigurationLoader.TrySplitHostPort(settings.NtpServer, 123, out var host, out var port))
        {
            return;
        }

        try
        {
            var measurement = await sntp.QueryAsync(host, port, QueryTimeout, cancellationToken);
            Interlocked.Exchange(ref _offsetTicks, measurement.Offset.Ticks);
            var alarm = measurement.Offset.Duration() > settings.ClockSkewThreshold;
            var was = Interlocked.Exchange(ref _alarm, alarm ? 1 : 0) != 0;
            if (alarm && !was)
            {
                LogAlarm(measurement.Offset.TotalMilliseconds, settings.ClockSkewThreshold.TotalMilliseconds, settings.NtpServer);
            }
            else if (!alarm && was)
            {
                LogCleared(measurement.Offset.TotalMilliseconds);
            }
        }
        catch (Exception error) when (error is TimeoutException or InvalidDataException or SocketException)
        {
            LogFailed(settings.NtpServer, error.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "CLOCK ALARM: the station clock is {OffsetMs:0.0} ms off {Server} (threshold {ThresholdMs} ms); pointing may be wrong")]
    private partial void LogAlarm(double offsetMs, double thresholdMs, string server);

    [LoggerMessage(Level = LogLevel.Information, Message = "clock alarm cleared: offset {OffsetMs:0.0} ms")]
    private partial void LogCleared(double offsetMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "clock check against {Server} failed: {Reason}")]
    private partial void LogFailed(string server, string reason);
}
