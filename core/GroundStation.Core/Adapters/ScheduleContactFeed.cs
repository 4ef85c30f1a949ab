using GroundStation.Core.Contacts;
using GroundStation.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GroundStation.Core.Adapters;

/// <summary>
/// Feeds the scheduler's changes to the contact actors: added -> SCHEDULED, removed -> CANCELLED with the scheduler's
/// reason. Registered before the scheduler, so it listens before the first plan; once the scheduler has started, the
/// whole current schedule is reconciled with the contacts recovered from storage.
/// </summary>
public sealed partial class ScheduleContactFeed(SchedulerService scheduler, ContactService contacts, SchedulingOptions options, TimeProvider time,
    ILogger<ScheduleContactFeed> logger) : IHostedService, IDisposable
{
    /// <summary>The schedule data of one contact as the contact actors take it.</summary>
    public static ContactPlan ToPlan(ScheduledContact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        return new ContactPlan(contact.PassId, contact.Station, contact.Norad, contact.SatelliteName, contact.Aos, contact.Tca, contact.Los,
            contact.MaxElevationDeg, contact.SetupStart, contact.TeardownEnd);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        scheduler.Changed += OnChanged;
        return Task.CompletedTask;
    }

    /// <summary>After the scheduler started: reconcile recovered contacts with the schedule it holds.</summary>
    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var from = now - options.Retention;
        var to = now + options.Horizon + TimeSpan.FromDays(1);
        var current = scheduler.Scheduled(from, to).Select(ToPlan).ToList();
        await contacts.ReconcileAsync(new ReconcileSchedule(current, from, to), cancellationToken);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        scheduler.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose() => scheduler.Changed -= OnChanged;

    private void OnChanged(object? sender, ScheduleChanged change)
    {
        var apply = new ApplySchedule([.. change.Added.Select(ToPlan)], [.. change.Removed.Select(c => c.PassId)], change.Reason);
        if (!contacts.Apply(apply))
        {
            LogDropped(logger, change.Version, change.Added.Count, change.Removed.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Schedule change {Version} (+{Added} -{Removed}) could not reach the contacts (mailbox full); a restart reconciles it")]
    private static partial void LogDropped(ILogger logger, long version, int added, int removed);
}
