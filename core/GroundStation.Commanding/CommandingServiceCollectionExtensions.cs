using GroundStation.Commanding.Api;
using GroundStation.Commanding.Dictionary;
using GroundStation.Commanding.Storage;
using GroundStation.Messaging.Contracts;
using GroundStation.Telemetry;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace GroundStation.Commanding;

/// <summary>Wiring of the commanding area.</summary>
public static class CommandingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the store, dictionary registry and <see cref="CommandService"/> (singleton, also registered as the
    /// <see cref="IHousekeepingListener"/> that verifies commands). The host provides <see cref="ICommandWindowSource"/>,
    /// <see cref="ICommandTargetDirectory"/>, <see cref="ICommandPublisher"/> (e.g. <see cref="Mqtt.MqttCommandPublisher"/>),
    /// the <see cref="CoreSigningKey"/>, an <c>IKeyVerifier</c> and a <see cref="TimeProvider"/>, and feeds acknowledgements
    /// to <see cref="CommandService.OnAckAsync"/> (e.g. with <see cref="Mqtt.MqttCommandAckSubscriber"/>).
    /// </summary>
    public static IServiceCollection AddCommanding(this IServiceCollection services, Action<CommandingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new CommandingOptions();
        configure(options);
        options.Validate();
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new CommandStore(options.DatabasePath));
        services.AddSingleton<CommandDictionaryRegistry>();
        services.AddSingleton(sp => new CommandService(sp.GetRequiredService<CommandStore>(), sp.GetRequiredService<CommandDictionaryRegistry>(),
            sp.GetRequiredService<ICommandTargetDirectory>(), sp.GetRequiredService<ICommandWindowSource>(), sp.GetRequiredService<ICommandPublisher>(),
            sp.GetRequiredService<CoreSigningKey>(), options, sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<CommandService>>()));
        services.AddSingleton<IHousekeepingListener>(sp => sp.GetRequiredService<CommandService>());
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, CommandingJsonContext.Default));
        return services;
    }
}
