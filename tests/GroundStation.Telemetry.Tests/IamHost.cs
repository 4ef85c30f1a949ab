using System.Net;
using System.Net.Http.Headers;
using GroundStation.Iam.AspNetCore;
using GroundStation.Iam.Client;
using GroundStation.Iam.Keys;
using GroundStation.Iam.Service;
using GroundStation.Iam.Storage;
using GroundStation.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GroundStation.Testing.Iam;

/// <summary>
/// A real IAM server on a loopback port (as the Iam tests host it) with keys for tenant t1 (operators alice and bob, the
/// viewer vic) and tenant t2 (operator olga), and a core API host on Kestrel that authenticates against it.
/// </summary>
public sealed class IamHost : IAsyncDisposable
{
    private readonly string _directory;
    private readonly HttpClient _http = new();

    private IamHost(WebApplication app, string directory, Uri address, string adminKey)
    {
        App = app;
        _directory = directory;
        Address = address;
        AdminKey = adminKey;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public string AdminKey { get; }

    public string Alice { get; private set; } = "";

    public string Bob { get; private set; } = "";

    public string Viewer { get; private set; } = "";

    public string OtherTenant { get; private set; } = "";

    public static async Task<IamHost> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("gs-iam-").FullName;
        var port = FreePort.Next();
        var store = SqliteIamStore.Open(directory);
        var app = IamServer.Build(new IamServerSettings
        {
            Store = store,
            Listen = new IPEndPoint(IPAddress.Loopback, port),
            ConfigureLogging = l => l.SetMinimumLevel(LogLevel.Warning),
        });
        await app.StartAsync();
        var admin = await app.Services.GetRequiredService<IamService>()
            .BootstrapAsync(new TenantId("t1"), new PrincipalId("root"), TimeSpan.FromDays(365), CancellationToken.None);
        var host = new IamHost(app, directory, new Uri($"http://127.0.0.1:{port}/"), admin!.Reveal());
        var client = host.Client(host.AdminKey);
        host.Alice = (await client.CreateKeyAsync(new CreateKeyRequest("alice", null, ["operator"], "operator", null, null, null), CancellationToken.None)).Key;
        host.Bob = (await client.CreateKeyAsync(new CreateKeyRequest("bob", null, ["operator"], "operator", null, null, null), CancellationToken.None)).Key;
        host.Viewer = (await client.CreateKeyAsync(new CreateKeyRequest("vic", null, ["viewer"], "operator", null, null, null), CancellationToken.None)).Key;
        // Keys are minted only within the caller's tenant: tenant t2's operator goes straight into the store.
        var olga = ApiKey.Generate(ApiKeyKind.Operator, new IamServiceOptions().Environment);
        var now = DateTimeOffset.UtcNow;
        await store.InsertKeyAsync(new KeyRecord(KeyId.New(), olga.Hash(), olga.Stub, new PrincipalId("olga"), new TenantId("t2"),
            [GroundStation.Iam.Policy.BuiltInRoles.Operator], null, ApiKeyKind.Operator, new IamServiceOptions().Environment, now, now.AddDays(1), false, null, null),
            CancellationToken.None);
        host.OtherTenant = olga.Reveal();
        return host;
    }

    public IamClient Client(string key) => new(new HttpClient { BaseAddress = Address }, key);

    /// <summary>Starts a core API on Kestrel (loopback, free port) with IAM authentication in front of it.</summary>
    public async Task<WebApplication> StartCoreAsync(Action<IServiceCollection> services, Action<IEndpointRouteBuilder> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var port = FreePort.Next();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IKeyVerifier>(Client(AdminKey));
        builder.Services.AddGroundStationIamAuthentication();
        services(builder.Services);
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        map(app);
        await app.StartAsync();
        return app;
    }

    public static HttpClient Http(WebApplication core, string? key)
    {
        var http = new HttpClient { BaseAddress = new Uri(core.Urls.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/") };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }

    /// <summary>Waits until IAM's audit log holds a record matching <paramref name="match"/>.</summary>
    public async Task<AuditView> WaitForAuditAsync(Func<AuditView, bool> match)
    {
        var client = Client(AdminKey);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var records = await client.ReadAuditAsync(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None);
            if (records.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "no matching audit record: " + string.Join("; ", records.Select(r => $"{r.Principal} {r.Action} {r.Resource} {r.Allowed}")));
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
