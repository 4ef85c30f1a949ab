using GroundStation.Commanding;
using GroundStation.Orbits;
using GroundStation.Registry;
using GroundStation.Scheduling;

namespace GroundStation.Core.Adapters;

/// <summary>The schedule as commanding's uplink windows: a satellite's next scheduled contact that has not ended.</summary>
public sealed class ScheduleCommandWindows : ICommandWindowSource, IDisposable
{
    private readonly IContactSchedule _schedule;
    private readonly IRegistry _registry;
    private readonly TimeSpan _lookAhead;

    /// <summary>Creates the adapter; <paramref name="lookAhead"/> bounds how far ahead a window is searched (the scheduling horizon).</summary>
    public ScheduleCommandWindows(IContactSchedule schedule, IRegistry registry, TimeSpan lookAhead)
    {
        _schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _lookAhead = lookAhead;
        _schedule.Changed += OnScheduleChanged;
    }

    /// <inheritdoc />
    public event EventHandler? Changed;

    /// <inheritdoc />
    public CommandWindow? Next(NoradId norad, DateTimeOffset after)
    {
        foreach (var contact in _schedule.Scheduled(after, after + _lookAhead, norad: norad).OrderBy(c => c.Aos))
        {
            if (contact.Los <= after)
            {
                continue;
            }

            var callsign = _registry.FindStation(contact.Station)?.Callsign;
            if (callsign is not null)
            {
                return new CommandWindow(contact.PassId, contact.Station, callsign, contact.Aos, contact.Los);
            }
        }

        return null;
    }

    /// <inheritdoc />
    public void Dispose() => _schedule.Changed -= OnScheduleChanged;

    private void OnScheduleChanged(object? sender, ScheduleChanged change) => Changed?.Invoke(this, EventArgs.Empty);
}
