using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GroundStation.Core.Adapters;

/// <summary>
/// AddScheduling registers the one <see cref="SchedulerService"/> three times (itself, as <see cref="IContactSchedule"/>
/// and as <see cref="IHostedService"/>), so the container disposes it three times, and its Dispose is not idempotent.
/// Until that is fixed in GroundStation.Scheduling, the two forwarding registrations are replaced by views that the
/// container has nothing to dispose of.
/// </summary>
internal static class SchedulerRegistrations
{
    public static void UseDisposeOnceViews(IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            var descriptor = services[i];
            if (descriptor.ImplementationFactory is null || descriptor.IsKeyedService)
            {
                continue;
            }

            if (descriptor.ServiceType == typeof(IContactSchedule))
            {
                services[i] = ServiceDescriptor.Singleton<IContactSchedule>(sp => new ContactScheduleView(sp.GetRequiredService<SchedulerService>()));
            }
            else if (descriptor.ServiceType == typeof(IHostedService) && IsSchedulerFactory(descriptor))
            {
                services[i] = ServiceDescriptor.Singleton<IHostedService>(sp => new HostedSchedulerView(sp.GetRequiredService<SchedulerService>()));
            }
        }
    }

    // The scheduler's hosted-service registration is the factory declared in GroundStation.Scheduling.
    private static bool IsSchedulerFactory(ServiceDescriptor descriptor) =>
        descriptor.ImplementationFactory!.Method.DeclaringType?.Assembly == typeof(SchedulerService).Assembly;

    private sealed class ContactScheduleView(SchedulerService scheduler) : IContactSchedule
    {
        public event EventHandler<ScheduleChanged>? Changed
        {
            add => scheduler.Changed += value;
            remove => scheduler.Changed -= value;
        }

        public IReadOnlyList<ScheduledContact> Scheduled(DateTimeOffset from, DateTimeOffset to, StationId? station = null, NoradId? norad = null) =>
            scheduler.Scheduled(from, to, station, norad);

        public ScheduledContact? Find(PassId passId) => scheduler.Find(passId);
    }

    private sealed class HostedSchedulerView(SchedulerService scheduler) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => scheduler.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => scheduler.StopAsync(cancellationToken);
    }
}
