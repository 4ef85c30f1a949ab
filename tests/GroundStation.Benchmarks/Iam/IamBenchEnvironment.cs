using System.Net;
using GroundStation.Iam.Client;
using GroundStation.Iam.Keys;
using GroundStation.Iam.Service;
using GroundStation.Iam.Storage;
using GroundStation.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Benchmarks.Iam;

/// <summary>A real IAM server on loopback with an admin key and an operator key to verify.</summary>
public sealed record IamBenchEnvironment(WebApplication App, string DataDirectory, Uri Address, string AdminKey, string OperatorKey) : IAsyncDisposable
{
    public const string Action = "telemetry:read";

    public const string Resource = "tenant/t1/satellite/25544";

    public static async Task<IamBenchEnvironment> StartAsync(string? dataDirectory = null, string? adminKey = null)
    {
        dataDirectory ??= Directory.CreateTempSubdirectory("gs-iam-bench-").FullName;
        var port = FreePort.Next();
        var app = IamServer.Build(new IamServerSettings
        {
            Store = SqliteIamStore.Open(dataDirectory),
            Listen = new IPEndPoint(IPAddress.Loopback, port),
            Options = new IamServiceOptions { RequestsPerKey = int.MaxValue },
            ConfigureLogging = l => l.SetMinimumLevel(LogLevel.Warning),
        });
        await app.StartAsync();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var operatorKey = string.Empty;
        if (adminKey is null)
        {
            adminKey = (await app.Services.GetRequiredService<IamService>().BootstrapAsync(new TenantId("t1"), new PrincipalId("root"), TimeSpan.FromDays(1), CancellationToken.None))!.Reveal();
            using var http = new HttpClient { BaseAddress = address };
            operatorKey = (await new IamClient(http, adminKey).CreateKeyAsync(new CreateKeyRequest("ops", null, ["operator"], "operator", null, null, null), CancellationToken.None)).Key;
        }

        return new IamBenchEnvironment(app, dataDirectory, address, adminKey, operatorKey);
    }

    public IamClient Client(int connections = 16) =>
        new(new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = Address }, AdminKey);

    public CachingKeyVerifier CachingVerifier(TimeSpan ttl) =>
        new(Client(), TimeProvider.System, new CachingKeyVerifierOptions { Ttl = ttl }, NullLogger<CachingKeyVerifier>.Instance);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
