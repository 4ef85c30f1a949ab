using GroundStation.Registry.Api;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace GroundStation.Registry;

/// <summary>Options of the registry.</summary>
public sealed class RegistryOptions
{
    /// <summary>The SQLite file (created with its directory when missing). Required.</summary>
    public string DatabasePath { get; set; } = string.Empty;
}

/// <summary>DI wiring of the registry.</summary>
public static class RegistryServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IRegistry"/> (a <see cref="SqliteRegistry"/> at <see cref="RegistryOptions.DatabasePath"/>) and the
    /// registry API's JSON metadata. Needs a <see cref="TimeProvider"/> in DI (<see cref="TimeProvider.System"/> when absent).
    /// </summary>
    public static IServiceCollection AddRegistry(this IServiceCollection services, Action<RegistryOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new RegistryOptions();
        configure(options);
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            throw new ArgumentException("RegistryOptions.DatabasePath is required.", nameof(configure));
        }

        services.AddSingleton(options);
        services.AddSingleton<SqliteRegistry>(sp => new SqliteRegistry(options.DatabasePath, sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<IRegistry>(sp => sp.GetRequiredService<SqliteRegistry>());
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, RegistryJsonContext.Default));
        return services;
    }
}
