using System.Text;
using GroundStation.Actors;
using GroundStation.Core.Api;
using GroundStation.Core.Contacts;
using GroundStation.Core.Events;
using GroundStation.Core.Mqtt;
using GroundStation.Core.Stations;
using GroundStation.Iam.AspNetCore;
using GroundStation.Iam.Audit;
using GroundStation.Iam.Broker;
using GroundStation.Iam.Client;
using GroundStation.Iam.Policy;
using GroundStation.Iam.Service;
using GroundStation.Iam.Storage;
using GroundStation.Messaging.Broker;
using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;
using GroundStation.Registry.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GroundStation.Core.Hosting;

/// <summary>
/// One running core: IAM in-process (its <c>/v1</c> routes on the core's own HTTP port), the embedded MQTT broker
/// authenticated by IAM keys (or an external broker), the contact actors, the MQTT bridge, and the API of every core
/// part with its OpenAPI document. Start with <see cref="StartAsync"/>; <see cref="DisposeAsync"/> stops everything in
/// reverse order.
/// </summary>
public sealed partial class CoreServer : IAsyncDisposable
{
    /// <summary>Where the OpenAPI document is served.</summary>
    public const string OpenApiPath = "/openapi/v1.json";

    private readonly WebApplication _app;
    private readonly CachingKeyVerifier _verifier;
    private readonly MqttBroker? _broker;
    private readonly MqttClient _mqtt;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger;
    private readonly List<Task> _loops = [];
    private int _disposed;

    private CoreServer(CoreServerSettings settings, CoreKeys keys, WebApplication app, CachingKeyVerifier verifier, MqttBroker? broker, MqttClient mqtt)
    {
        Settings = settings;
        Keys = keys;
        _app = app;
        _verifier = verifier;
        _broker = broker;
        _mqtt = mqtt;
        _logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<CoreServer>();
    }

    /// <summary>The settings this instance runs with.</summary>
    public CoreServerSettings Settings { get; }

    /// <summary>The core's key and, on a first start, the bootstrap admin key.</summary>
    public CoreKeys Keys { get; }

    /// <summary>The core's base URL (API, IAM, console).</summary>
    public Uri HttpUri => Settings.HttpUri;

    /// <summary>The embedded broker's endpoint, or null with an external broker.</summary>
    public System.Net.IPEndPoint? BrokerEndPoint => _broker?.TcpEndPoint;

    /// <summary>The broker host and port the core (and the demo's stations) connect to.</summary>
    public (string Host, int Port) BrokerAddress =>
        _broker?.TcpEndPoint is { } local ? (local.Address.ToString(), local.Port) : (Settings.ExternalBroker!.Host, Settings.ExternalBroker.Port);

    /// <summary>The application's services (tests and the demo reach the parts here).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The core's signing key (plans and commands); stations trust its public half.</summary>
    public CoreSigningKey SigningKey => _app.Services.GetRequiredService<CoreSigningKey>();

    /// <summary>Builds and starts a core; throws naming the problem when the settings or the data directory are bad.</summary>
    public static async Task<CoreServer> StartAsync(CoreServerSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var data = Path.GetFullPath(settings.DataDirectory);
        Directory.CreateDirectory(data);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(settings.LogLevel);
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
            console.UseUtcTimestamp = true;
        });
        // Request-line logging would print query strings, where an SSE client may carry its key.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        settings.ConfigureLogging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(settings.HttpListen);
        });

        var iamStore = SqliteIamStore.Open(Path.Combine(data, "iam"));
        using var bootstrapLoggers = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Warning));
        var keys = await CoreKeys.EnsureAsync(data, iamStore, settings.WallTime, bootstrapLoggers, cancellationToken);

        var services = builder.Services;
        // Long-polls (the IAM revocation feed) and live streams would otherwise hold a Ctrl-C for the default 30 s.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));
        services.AddSingleton(settings);
        services.AddSingleton(settings.Time);
        AddIam(services, iamStore, settings, keys);
        services.AddSingleton(_ => CoreSigningKey.LoadOrCreate(Path.Combine(data, "core-signing.pem")));
        services.AddSingleton(sp => new ActorSystem("gs-core", settings.Time, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(_ => ContactStore.Open(Path.Combine(data, "contacts.db")));
        services.AddSingleton(settings.Contacts);
        services.AddSingleton<CoreEventHub>();
        services.AddSingleton<IContactListener, ContactEventPublisher>();
        services.AddSingleton<ContactService>();
        services.AddSingleton(new StationHealthCheck(settings.StationHealth));
        services.AddSingleton<StationBoard>();
        services.AddSingleton<IStationStatusProvider>(provider => provider.GetRequiredService<StationBoard>());
        services.AddSingleton(sp => new MqttClient(new MqttClientOptions
        {
            Host = settings.EmbeddedBroker?.Address.ToString() ?? settings.ExternalBroker!.Host,
            Port = settings.EmbeddedBroker?.Port ?? settings.ExternalBroker!.Port,
            ClientId = "gs-core",
            // A persistent session: what stations publish while the core restarts waits in the broker for it.
            CleanSession = false,
            UserName = "core",
            Password = Encoding.ASCII.GetBytes(keys.CoreKey),
        }, settings.WallTime, sp.GetRequiredService<ILogger<MqttClient>>()));
        services.AddSingleton<CoreMqttBridge>();
        CoreParts.Add(services, settings, data, keys);
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, CoreJsonContext.Default));
        services.AddOpenApi();
        settings.ConfigureServices?.Invoke(services);

        var app = builder.Build();
        app.UseGroundStationAuthentication();
        app.MapOpenApi(OpenApiPath);
        app.MapIamApi();
        app.MapContactsApi();
        CoreParts.Map(app);

        var verifier = app.Services.GetRequiredService<CoreKeyVerifier>().Inner;
        MqttBroker? broker = null;
        if (settings.EmbeddedBroker is { } listen)
        {
            var sessions = new BrokerSessionKeys();
            broker = new MqttBroker(
                new BrokerOptions { TcpEndPoint = listen, DataDirectory = Path.Combine(data, "broker") },
                new IamBrokerAuthenticator(verifier, sessions, settings.WallTime),
                new IamBrokerAuthorizer(verifier, sessions),
                settings.WallTime,
                app.Services.GetRequiredService<ILoggerFactory>());
        }

        var server = new CoreServer(settings, keys, app, verifier, broker, app.Services.GetRequiredService<MqttClient>());
        try
        {
            await server.RunAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        await StopQuietlyAsync("MQTT bridge and part loops", () => Task.WhenAll(_loops));
        await StopQuietlyAsync("core MQTT clients", () => CoreParts.StopAsync(_app.Services));
        await StopQuietlyAsync("core MQTT client", () => _mqtt.DisposeAsync().AsTask());
        if (_broker is not null)
        {
            await StopQuietlyAsync("embedded broker", () => _broker.DisposeAsync().AsTask());
        }

        await StopQuietlyAsync("IAM verifier", () => _verifier.DisposeAsync().AsTask());
        await StopQuietlyAsync("HTTP server", () => _app.StopAsync(CancellationToken.None));
        await StopQuietlyAsync("actor system", () => _app.Services.GetRequiredService<ActorSystem>().TerminateAsync());
        // The container disposes what it created (the IAM verifier and stores among them).
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        // IAM must answer before anything authenticates against it: HTTP first, then the broker, then the core's own client.
        await _app.StartAsync(cancellationToken);
        await _verifier.StartAsync(cancellationToken);
        if (_broker is not null)
        {
            await _broker.StartAsync(cancellationToken);
        }

        _ = _app.Services.GetRequiredService<ContactService>();
        await _mqtt.ConnectAsync(cancellationToken);
        var bridge = _app.Services.GetRequiredService<CoreMqttBridge>();
        _loops.Add(Task.Run(() => bridge.RunAsync(_mqtt, _stopping.Token), CancellationToken.None));
        await CoreParts.StartAsync(_app.Services, cancellationToken);
        var (brokerHost, brokerPort) = BrokerAddress;
        LogStarted(_logger, HttpUri, brokerHost, brokerPort, Settings.DataDirectory);
    }

    private static void AddIam(IServiceCollection services, SqliteIamStore store, CoreServerSettings settings, CoreKeys keys)
    {
        var options = new IamServiceOptions();
        var time = settings.WallTime;
        services.AddSingleton<IIamStore>(store);
        services.AddSingleton(options);
        services.AddSingleton(BuiltInRoles.Catalog);
        services.AddSingleton(sp => new AuditLog(store, sp.GetRequiredService<ILogger<AuditLog>>()));
        services.AddSingleton(sp => new RevocationNotifier(store, time, options, sp.GetRequiredService<ILogger<RevocationNotifier>>()));
        services.AddHostedService(sp => sp.GetRequiredService<RevocationNotifier>());
        services.AddSingleton(sp => new IamService(store, sp.GetRequiredService<AuditLog>(), BuiltInRoles.Catalog, time, options, sp.GetRequiredService<RevocationNotifier>()));
        services.AddSingleton(sp => new IamRequestGate(sp.GetRequiredService<IamService>(), options, time));

        // The core asks its own IAM routes through the caching verifier, exactly as a separate core node would, so the
        // API and the broker get 1 s answer caching and sub-second revocation without a second code path.
        // The container gets a handle it has nothing to dispose of: the server stops the verifier itself, before the
        // HTTP server, so its revocation long-poll does not hold the shutdown.
        services.AddSingleton(sp => new CoreKeyVerifier(new CachingKeyVerifier(
            new IamClient(new HttpClient { BaseAddress = settings.HttpUri, Timeout = TimeSpan.FromSeconds(30) }, keys.CoreKey),
            time, new CachingKeyVerifierOptions(), sp.GetRequiredService<ILogger<CachingKeyVerifier>>())));
        services.AddSingleton<IKeyVerifier>(sp => sp.GetRequiredService<CoreKeyVerifier>());
        services.AddCoreAuthentication();
    }

    private async Task StopQuietlyAsync(string what, Func<Task> stop)
    {
        try
        {
            await stop();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Shutdown goes on with the next part; the failure is reported, not hidden.
            LogStopFailed(_logger, what, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Core listening on {Url}; broker {BrokerHost}:{BrokerPort}; data in {Data}")]
    private static partial void LogStarted(ILogger logger, Uri url, string brokerHost, int brokerPort, string data);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stopping the {What} failed")]
    private static partial void LogStopFailed(ILogger logger, string what, Exception exception);
}

/// <summary>The core's IAM verifier as the container holds it: a handle without disposal, which <see cref="CoreServer"/> does.</summary>
internal sealed class CoreKeyVerifier(CachingKeyVerifier inner) : IKeyVerifier
{
    public CachingKeyVerifier Inner { get; } = inner;

    public ValueTask<VerifyResponse> VerifyAsync(string key, string? action, string? resource, CancellationToken cancellationToken) =>
        Inner.VerifyAsync(key, action, resource, cancellationToken);
}
