using GroundStation.Core.Mqtt;
using GroundStation.Core.Stations;
using GroundStation.Messaging.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace GroundStation.Core.Hosting;

/// <summary>
/// The other core parts (registry, scheduling, commanding, telemetry, console) as the core wires them: their
/// Add*/Map* calls and the adapters between their ports.
/// </summary>
internal static class CoreParts
{
    public static void Add(IServiceCollection services, CoreServerSettings settings, string data)
    {
        _ = settings;
        _ = data;
        services.AddSingleton<IStationAvailability, UnplannedStations>();
        services.AddSingleton<ICommandAckSink, UnhandledAcks>();
    }

    public static void Map(WebApplication app)
    {
        _ = app;
    }

    public static Task<IReadOnlyList<Task>> StartAsync(IServiceProvider services, MqttClient mqtt, CancellationToken cancellationToken)
    {
        _ = services;
        _ = mqtt;
        _ = cancellationToken;
        return Task.FromResult<IReadOnlyList<Task>>([]);
    }
}
