using System.Text;
using GroundStation.Commanding;
using GroundStation.Commanding.Api;
using GroundStation.Commanding.Mqtt;
using GroundStation.Core.Adapters;
using GroundStation.Core.Mqtt;
using GroundStation.Core.Stations;
using GroundStation.Messaging.Client;
using GroundStation.Registry;
using GroundStation.Registry.Api;
using GroundStation.Scheduling;
using GroundStation.Scheduling.Api;
using GroundStation.Telemetry;
using GroundStation.Telemetry.Api;
using GroundStation.Telemetry.Influx.Http;
using GroundStation.Telemetry.Mqtt;
using GroundStation.WebConsole;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GroundStation.Core.Hosting;

/// <summary>
/// The other core parts (registry, scheduling, commanding, telemetry, console) as the core wires them: their
/// Add*/Map* calls and the adapters between their ports.
/// </summary>
internal static class CoreParts
{
    public static void Add(IServiceCollection services, CoreServerSettings settings, string data, CoreKeys keys)
    {
        services.AddRegistry(registry => registry.DatabasePath = Path.Combine(data, "registry.db"));
        services.AddSingleton(sp => new RegistryTargets(sp.GetRequiredService<IRegistry>(), settings.CommandDictionary, settings.TelemetryDecoder));
        services.AddSingleton<ICommandTargetDirectory>(sp => sp.GetRequiredService<RegistryTargets>());
        services.AddSingleton<ITelemetryTargetDirectory>(sp => sp.GetRequiredService<RegistryTargets>());
        services.AddSingleton<ISatelliteProfileCatalog, CoreSatelliteProfiles>();

        // Plans and commands go out on the core's client; edge messages come back through the bridge.
        services.AddSingleton<IPlanPublisher>(sp => new MqttPlanPublisher(sp.GetRequiredService<MqttClient>()));
        services.AddSingleton<ICommandPublisher>(sp => new MqttCommandPublisher(sp.GetRequiredService<MqttClient>()));

        // Listens to the scheduler, so it is registered (and started) before it.
        services.AddSingleton<ScheduleContactFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<ScheduleContactFeed>());
        services.AddScheduling(scheduling =>
        {
            scheduling.DatabasePath = Path.Combine(data, "schedule.db");
            settings.ConfigureScheduling?.Invoke(scheduling);
        });
        SchedulerRegistrations.UseDisposeOnceViews(services);
        services.AddSingleton<IStationAvailability>(sp => new SchedulerStationAvailability(sp.GetRequiredService<SchedulerService>()));
        services.AddSingleton<ICommandWindowSource>(sp => new ScheduleCommandWindows(
            sp.GetRequiredService<IContactSchedule>(), sp.GetRequiredService<IRegistry>(), sp.GetRequiredService<SchedulingOptions>().Horizon));

        services.AddCommanding(commanding =>
        {
            commanding.DatabasePath = Path.Combine(data, "commands.db");
            settings.ConfigureCommanding?.Invoke(commanding);
        });
        services.AddSingleton<ICommandAckSink>(sp => new CommandingAckSink(sp.GetRequiredService<CommandService>()));

        services.AddTelemetry(telemetry =>
        {
            telemetry.DatabasePath = Path.Combine(data, "telemetry.db");
            if (settings.InfluxUrl is { } influx)
            {
                telemetry.Influx = new InfluxV1Options { BaseAddress = influx, Database = settings.InfluxDatabase };
            }
        });

        // Telemetry has a client of its own: a flood of frames never delays plans, commands, acks or presence.
        services.AddKeyedSingleton(TelemetryClientKey, (sp, _) => new MqttClient(new MqttClientOptions
        {
            Host = settings.EmbeddedBroker?.Address.ToString() ?? settings.ExternalBroker!.Host,
            Port = settings.EmbeddedBroker?.Port ?? settings.ExternalBroker!.Port,
            ClientId = "gs-core-telemetry",
            CleanSession = false,
            UserName = "core",
            Password = Encoding.ASCII.GetBytes(keys.CoreKey),
        }, settings.WallTime, sp.GetRequiredService<ILogger<MqttClient>>()));
        services.AddSingleton(sp => new MqttTelemetrySubscriber(
            sp.GetRequiredKeyedService<MqttClient>(TelemetryClientKey), sp.GetRequiredService<TelemetryIngest>(), sp.GetRequiredService<ILogger<MqttTelemetrySubscriber>>()));
    }

    public static void Map(WebApplication app)
    {
        app.MapRegistryApi();
        app.MapSchedulingApi();
        app.MapCommandingApi();
        app.MapTelemetryApi();
        app.MapConsole();
    }

    public static async Task StartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<ScheduleContactFeed>().ReconcileAsync(cancellationToken);
        _ = services.GetRequiredService<CommandService>();
        await services.GetRequiredKeyedService<MqttClient>(TelemetryClientKey).ConnectAsync(cancellationToken);
        await services.GetRequiredService<MqttTelemetrySubscriber>().StartAsync(cancellationToken);
    }

    /// <summary>Disconnects the telemetry client before the broker goes, so it does not try to reconnect during shutdown.</summary>
    public static async Task StopAsync(IServiceProvider services) =>
        await services.GetRequiredKeyedService<MqttClient>(TelemetryClientKey).DisconnectAsync(CancellationToken.None);

    private const string TelemetryClientKey = "telemetry";
}
