namespace GroundStation.Telemetry.Limits;

/// <summary>
/// Raises, escalates and clears alarms from the limit state of successive samples, with each limit's persistence
/// count. Only the ingest's writer calls it (one thread); its open alarms are reloaded from the store after a restart.
/// </summary>
internal sealed class AlarmTracker
{
    private readonly Dictionary<(int Norad, string Parameter), Track> _tracks = [];

    public AlarmTracker(IEnumerable<Alarm> uncleared)
    {
        foreach (var alarm in uncleared)
        {
            _tracks[(alarm.Norad, alarm.Parameter)] = new Track { Open = alarm };
        }
    }

    /// <summary>
    /// Feeds one sample; returns the alarm change it causes (a new alarm has id 0 until stored), or null.
    /// </summary>
    public AlarmChange? Observe(int norad, string parameter, double value, LimitState state, int persistence,
        DateTimeOffset sampledAt, string frameId)
    {
        var key = (norad, parameter);
        if (!_tracks.TryGetValue(key, out var track))
        {
            if (state == LimitState.Nominal)
            {
                return null;
            }

            track = new Track();
            _tracks[key] = track;
        }

        if (state == LimitState.Nominal)
        {
            track.OutOfLimits = 0;
            track.InLimits++;
            if (track.Open is { } open && track.InLimits >= persistence)
            {
                track.Open = null;
                return new AlarmChange(AlarmChangeKind.Cleared, open with { ClearedAt = sampledAt });
            }

            return null;
        }

        track.InLimits = 0;
        track.OutOfLimits++;
        if (track.Open is { } current)
        {
            if (state > current.Severity)
            {
                track.Open = current with { Severity = state, Value = value };
                return new AlarmChange(AlarmChangeKind.Escalated, track.Open);
            }

            return null;
        }

        if (track.OutOfLimits >= persistence)
        {
            track.Open = new Alarm(0, norad, parameter, state, value, sampledAt, null, null, null, frameId);
            return new AlarmChange(AlarmChangeKind.Raised, track.Open);
        }

        return null;
    }

    /// <summary>Gives a raised alarm its stored id.</summary>
    public Alarm Stored(Alarm raised, long alarmId)
    {
        var stored = raised with { AlarmId = alarmId };
        if (_tracks.TryGetValue((raised.Norad, raised.Parameter), out var track) && track.Open is not null && track.Open.AlarmId == 0)
        {
            track.Open = stored;
        }

        return stored;
    }

    private sealed class Track
    {
        public int OutOfLimits { get; set; }

        public int InLimits { get; set; }

        public Alarm? Open { get; set; }
    }
}

/// <summary>What happened to an alarm.</summary>
public enum AlarmChangeKind
{
    /// <summary>A parameter went out of limits for its persistence count.</summary>
    Raised,

    /// <summary>An open alarm reached a worse level.</summary>
    Escalated,

    /// <summary>The parameter was back in limits for its persistence count.</summary>
    Cleared,

    /// <summary>An operator acknowledged it.</summary>
    Acknowledged,
}

/// <summary>An alarm change, as the live feed carries it.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Alarm">The alarm after the change.</param>
public sealed record AlarmChange(AlarmChangeKind Kind, Alarm Alarm);
