using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using GroundStation.Core.Hosting;
using GroundStation.Iam.Service;
using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;
using GroundStation.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace GroundStation.Core.Tests.Serve;

/// <summary>A core started in-process on free loopback ports and a temporary data directory, as `gs serve` runs it.</summary>
internal sealed class CoreInstance : IAsyncDisposable
{
    private readonly bool _ownsDirectory;

    private CoreInstance(CoreServer server, string directory, bool ownsDirectory)
    {
        Server = server;
        Directory = directory;
        _ownsDirectory = ownsDirectory;
        Http = new HttpClient { BaseAddress = server.HttpUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public CoreServer Server { get; }

    public string Directory { get; }

    public HttpClient Http { get; }

    public string AdminKey => Server.Keys.BootstrapAdminKey ?? throw new InvalidOperationException("Not a first start: no admin key.");

    public static async Task<CoreInstance> StartAsync(string? directory = null, TimeProvider? time = null, Action<CoreServerSettings>? check = null,
        LogLevel logLevel = LogLevel.Warning, Uri? influxUrl = null, CancellationToken cancellationToken = default)
    {
        var owns = directory is null;
        directory ??= System.IO.Directory.CreateTempSubdirectory("gs-core-").FullName;
        var settings = new CoreServerSettings
        {
            DataDirectory = directory,
            HttpListen = new IPEndPoint(IPAddress.Loopback, FreePort.Next()),
            EmbeddedBroker = new IPEndPoint(IPAddress.Loopback, FreePort.Next()),
            Time = time ?? TimeProvider.System,
            LogLevel = logLevel,
            InfluxUrl = influxUrl,
        };
        check?.Invoke(settings);
        var server = await CoreServer.StartAsync(settings, cancellationToken);
        return new CoreInstance(server, directory, owns);
    }

    /// <summary>Creates a key through the core's IAM routes with the admin key.</summary>
    public async Task<string> CreateKeyAsync(string principal, string role, string kind = "operator", string? station = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/keys")
        {
            Content = JsonContent.Create(new CreateKeyRequest(principal, null, [role], kind, null, station, null)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CreatedKeyResponse>())!.Key;
    }

    /// <summary>
    /// An MQTT client connected to the core's broker as the station's edge agent would be: client id and user name the
    /// station id, its edge key as password (the broker authenticates it through IAM).
    /// </summary>
    public async Task<MqttClient> ConnectEdgeAsync(StationId station, string edgeKey)
    {
        var (host, port) = Server.BrokerAddress;
        var edge = new MqttClient(new MqttClientOptions
        {
            Host = host,
            Port = port,
            ClientId = station.Value,
            UserName = station.Value,
            Password = Encoding.ASCII.GetBytes(edgeKey),
        }, TimeProvider.System);
        try
        {
            await edge.ConnectAsync();
            return edge;
        }
        catch
        {
            await edge.DisposeAsync();
            throw;
        }
    }

    /// <summary>A request with <paramref name="key"/> as Bearer key.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_ownsDirectory)
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
