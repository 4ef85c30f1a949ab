using GroundStation.Messaging.Contracts;
using GroundStation.Registry;
using GroundStation.Scheduling.Api;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GroundStation.Scheduling;

/// <summary>DI wiring of the scheduler.</summary>
public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="SchedulerService"/> as itself, as <see cref="IContactSchedule"/> and as a hosted service. Needs in
    /// DI: <see cref="IRegistry"/> (AddRegistry), <see cref="IPlanPublisher"/> (e.g. <see cref="MqttPlanPublisher"/>),
    /// <see cref="CoreSigningKey"/>, and optionally a <see cref="TimeProvider"/> (system clock otherwise).
    /// </summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services, Action<SchedulingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new SchedulingOptions();
        configure(options);
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton(sp => new SchedulerService(sp.GetRequiredService<IRegistry>(), sp.GetRequiredService<IPlanPublisher>(),
            sp.GetRequiredService<CoreSigningKey>(), options, sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<ILogger<SchedulerService>>()));
        services.AddSingleton<IContactSchedule>(sp => sp.GetRequiredService<SchedulerService>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<SchedulerService>());
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, SchedulingJsonContext.Default));
        return services;
    }
}
