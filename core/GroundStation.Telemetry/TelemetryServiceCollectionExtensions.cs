using GroundStation.Telemetry.Api;
using GroundStation.Telemetry.Decoding;
using GroundStation.Telemetry.Influx.Http;
using GroundStation.Telemetry.Influx.Sink;
using GroundStation.Telemetry.Live;
using GroundStation.Telemetry.Storage;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace GroundStation.Telemetry;

/// <summary>Wiring of the telemetry area.</summary>
public static partial class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Adds the store, decoder registry, live feed, queries and <see cref="TelemetryIngest"/> (singletons). The host
    /// provides <see cref="ITelemetryTargetDirectory"/>, <see cref="TimeProvider"/>, an <c>IKeyVerifier</c> and any
    /// <see cref="IHousekeepingListener"/>s; when <see cref="TelemetryOptions.Influx"/> is set, samples also go to
    /// InfluxDB (its database is created on first use) and telemetry queries are answered from it.
    /// </summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, Action<TelemetryOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new TelemetryOptions();
        configure(options);
        options.Validate();
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new TelemetryStore(options.DatabasePath));
        services.AddSingleton<TelemetryDecoderRegistry>();
        services.AddSingleton<TelemetryLiveFeed>();
        if (options.Influx is { } influx)
        {
            services.AddSingleton(sp => new InfluxV1Client(new HttpClient(), influx, sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton(sp => new InfluxTelemetryReader(sp.GetRequiredService<InfluxV1Client>(), options.InfluxSink.Measurement));
            services.AddSingleton(sp =>
            {
                var client = sp.GetRequiredService<InfluxV1Client>();
                // CREATE DATABASE is idempotent; a server that is down now gets the database when the sink's retries reach it.
                var logger = sp.GetRequiredService<ILogger<InfluxTelemetrySink>>();
                _ = client.CreateDatabaseAsync().ContinueWith(
                    task => LogCreateDatabaseFailed(logger, task.Exception!.GetBaseException(), influx.Database),
                    CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                return new InfluxTelemetrySink(client, options.InfluxSink, sp.GetRequiredService<TimeProvider>(), logger);
            });
        }

        services.AddSingleton(sp => new TelemetryQueries(sp.GetRequiredService<TelemetryStore>(), sp.GetRequiredService<TelemetryDecoderRegistry>(),
            sp.GetRequiredService<ITelemetryTargetDirectory>(), options, sp.GetService<InfluxTelemetryReader>()));
        services.AddSingleton(sp => new TelemetryIngest(sp.GetRequiredService<TelemetryStore>(), sp.GetRequiredService<TelemetryDecoderRegistry>(),
            sp.GetRequiredService<ITelemetryTargetDirectory>(), sp.GetRequiredService<TelemetryLiveFeed>(),
            sp.GetServices<IHousekeepingListener>(), options, sp.GetRequiredService<TimeProvider>(),
            sp.GetService<InfluxTelemetrySink>(), sp.GetService<ILogger<TelemetryIngest>>()));
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, TelemetryJsonContext.Default));
        return services;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "InfluxDB: could not create database {Database}; the sink keeps retrying its writes")]
    private static partial void LogCreateDatabaseFailed(ILogger logger, Exception error, string database);
}
