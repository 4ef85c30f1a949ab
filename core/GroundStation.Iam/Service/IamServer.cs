using System.Net;
using GroundStation.Iam.Audit;
using GroundStation.Iam.Policy;
using GroundStation.Iam.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GroundStation.Iam.Service;

/// <summary>What an IAM server instance runs on.</summary>
public sealed class IamServerSettings
{
    /// <summary>The store (shared by every instance of a deployment).</summary>
    public required IIamStore Store { get; init; }

    /// <summary>Where Kestrel listens.</summary>
    public required IPEndPoint Listen { get; init; }

    /// <summary>The clock; tests pass a manual one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Service tunables.</summary>
    public IamServiceOptions Options { get; init; } = new();

    /// <summary>Roles known to the service.</summary>
    public RoleCatalog Roles { get; init; } = BuiltInRoles.Catalog;

    /// <summary>Extra logging set-up (tests add a capturing provider here).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }
}

/// <summary>Builds the IAM service as an ASP.NET Core application: Kestrel, the API, and its OpenAPI document.</summary>
public static class IamServer
{
    /// <summary>Where the OpenAPI document is served.</summary>
    public const string OpenApiPath = "/openapi/v1.json";

    /// <summary>Builds (without starting) a server for <paramref name="settings"/>.</summary>
    public static WebApplication Build(IamServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        // Request-line logging would print query strings, and a caller may have put a key there by mistake.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        settings.ConfigureLogging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(settings.Listen);
        });

        var services = builder.Services;
        services.AddSingleton(settings.Store);
        services.AddSingleton(settings.Time);
        services.AddSingleton(settings.Options);
        services.AddSingleton(settings.Roles);
        services.AddSingleton<AuditLog>();
        services.AddSingleton<RevocationNotifier>();
        services.AddHostedService(sp => sp.GetRequiredService<RevocationNotifier>());
        services.AddSingleton<IamService>();
        services.AddSingleton<IamRequestGate>();
        services.AddOpenApi();

        var app = builder.Build();
        app.MapOpenApi(OpenApiPath);
        app.MapIamApi();
        return app;
    }
}
