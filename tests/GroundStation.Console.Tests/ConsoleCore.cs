using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using GroundStation.Core.Hosting;
using GroundStation.Core.Stations;
using GroundStation.Frames.Ax25;
using GroundStation.Iam.Service;
using GroundStation.Messaging.Contracts;
using GroundStation.Simulators.Satellite;
using GroundStation.Telemetry;
using GroundStation.Testing;
using GroundStation.Time;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace GroundStation.WebConsole.Tests;

/// <summary>
/// A real core (<see cref="CoreServer"/>, as <c>gs serve</c> runs it) on free loopback ports and a temporary data
/// directory, with its clock anchored at <see cref="SimulatedStart"/> so the ISS element set below has passes.
/// </summary>
internal sealed class ConsoleCore : IAsyncDisposable
{
    /// <summary>The ISS, January 2014 (the sample catalogue's element set).</summary>
    public const string IssElements = """
        ISS (ZARYA)
        1 25544U 98067A   14020.93268519  .00009878  00000-0  18200-3 0  5082
        2 25544  51.6498 109.4756 0003572  55.9686 274.8005 15.49815350868473
        """;

    public const int IssNorad = 25544;

    /// <summary>An hour after the element set's epoch.</summary>
    public static readonly DateTimeOffset SimulatedStart = new(2014, 1, 20, 23, 30, 0, TimeSpan.Zero);

    private readonly string _directory;

    private ConsoleCore(CoreServer server, string directory)
    {
        Server = server;
        _directory = directory;
        Http = new HttpClient { BaseAddress = server.HttpUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public CoreServer Server { get; }

    public HttpClient Http { get; }

    public Uri ConsoleUri => Server.HttpUri;

    private string AdminKey => Server.Keys.BootstrapAdminKey ?? throw new InvalidOperationException("Not a first start: no admin key.");

    public static async Task<ConsoleCore> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("gs-console-").FullName;
        try
        {
            var server = await CoreServer.StartAsync(new CoreServerSettings
            {
                DataDirectory = directory,
                HttpListen = new IPEndPoint(IPAddress.Loopback, FreePort.Next()),
                EmbeddedBroker = new IPEndPoint(IPAddress.Loopback, FreePort.Next()),
                Time = ScaledTimeProvider.Anchored(SimulatedStart, TimeProvider.System.GetUtcNow(), 1),
                LogLevel = LogLevel.Warning,
            }, CancellationToken.None);
            return new ConsoleCore(server, directory);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>Creates a key with one built-in role through the core's IAM routes, as the bootstrap admin.</summary>
    public async Task<string> CreateKeyAsync(string principal, string role)
    {
        using var response = await SendAsync(HttpMethod.Post, "v1/keys", AdminKey,
            JsonContent.Create(new CreateKeyRequest(principal, null, [role], "operator", null, null, null)));
        await EnsureAsync(response, $"creating the {role} key of {principal}");
        return (await response.Content.ReadFromJsonAsync<CreatedKeyResponse>())!.Key;
    }

    /// <summary>Registers a station through the registry API.</summary>
    public async Task PutStationAsync(string id, string name, double latitudeDeg, double longitudeDeg)
    {
        var body = new JsonObject
        {
            ["name"] = name,
            ["latitudeDeg"] = latitudeDeg,
            ["longitudeDeg"] = longitudeDeg,
            ["altitudeM"] = 200,
            ["minimumElevationDeg"] = 10,
            ["bands"] = new JsonArray(new JsonObject { ["minHz"] = 430_000_000, ["maxHz"] = 440_000_000 }),
            ["callsign"] = "N0CALL",
            ["owner"] = "operator",
            ["shared"] = true,
        };
        using var response = await SendAsync(HttpMethod.Put, $"api/v1/stations/{id}", AdminKey, JsonBody(body));
        await EnsureAsync(response, $"registering station {id}");
    }

    /// <summary>Registers the ISS and its element set through the registry API (which re-plans).</summary>
    public async Task PutIssAsync()
    {
        var body = new JsonObject { ["name"] = "ISS", ["priority"] = 5, ["downlinkHz"] = 437_800_000, ["uplinkHz"] = 145_990_000, ["mode"] = "FM" };
        using (var response = await SendAsync(HttpMethod.Put, $"api/v1/satellites/{IssNorad}", AdminKey, JsonBody(body)))
        {
            await EnsureAsync(response, "registering the ISS");
        }

        using var elements = await SendAsync(HttpMethod.Post, $"api/v1/satellites/{IssNorad}/elements", AdminKey,
            new StringContent(IssElements, Encoding.ASCII, "text/plain"));
        await EnsureAsync(elements, "posting the ISS element set");
    }

    /// <summary>GET <paramref name="path"/> as JSON with <paramref name="key"/>.</summary>
    public async Task<JsonNode> GetAsync(string path, string key)
    {
        using var response = await SendAsync(HttpMethod.Get, path, key);
        await EnsureAsync(response, $"GET {path}");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>Waits until the scheduler has planned at least one pass (it re-plans in the background after a change).</summary>
    public async Task<JsonArray> WaitForPassesAsync(string key, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (true)
        {
            var passes = (await GetAsync("api/v1/passes?limit=1000", key)).AsArray();
            if (passes.Count > 0)
            {
                return passes;
            }

            try
            {
                await poll.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No pass was scheduled within {timeout} of registering the stations and the ISS.");
            }
        }
    }

    /// <summary>
    /// Hands the core's telemetry ingest one ISS housekeeping frame from gs-ohio, encoded by the simulator's own encoder,
    /// as the MQTT subscriber would: the same decoding, limits, alarms and store as in operation.
    /// </summary>
    public async Task IngestHousekeepingAsync(ushort sequence, double batteryVolts, double batteryCelsius)
    {
        var at = SimulatedStart.AddSeconds(sequence);
        var sample = new Housekeeping(HousekeepingKind.Live, sequence, at, 3600, SpacecraftMode.Nominal, 3,
            (ushort)Math.Round(batteryVolts * 1000), -250, (short)Math.Round(batteryCelsius * 10), -42, 600, 10, 2, 0, 0, CommandResult.None);
        var data = Ax25Codec.Encode(new Ax25UiFrame(new Ax25Address("GSTLM"), new Ax25Address($"S{IssNorad}"), sample.Encode()), Ax25Fcs.Absent);
        var passId = $"gs-ohio.{IssNorad}.20140120T2330Z";
        var frame = new TelemetryFrame(1, StationId.Parse("gs-ohio"), passId, $"gs-ohio/{passId}/{sequence}", at, data);
        var ingest = (TelemetryIngest)Server.Services.GetService(typeof(TelemetryIngest))!;
        var outcome = await ingest.IngestAsync(frame, CancellationToken.None);
        if (outcome != IngestOutcome.Stored)
        {
            throw new InvalidOperationException($"The ingest did not store and decode housekeeping frame {frame.FrameId}: {outcome}.");
        }
    }

    /// <summary>
    /// Hands the core's station board gs-ohio's presence and status as its MQTT bridge does when the edge agent reports:
    /// online, rotator up, radio degraded, TNC down, 12 frames spooled.
    /// </summary>
    public async Task ReportOhioAsync()
    {
        var board = (StationBoard)Server.Services.GetService(typeof(StationBoard))!;
        var station = StationId.Parse("gs-ohio");
        await board.OnPresenceAsync(new StationPresence(1, station, PresenceState.Online, SimulatedStart), CancellationToken.None);
        board.OnStatus(new StationStatus(1, station, SimulatedStart, DeviceLinkState.Up, DeviceLinkState.Degraded, DeviceLinkState.Down,
            12, 1L << 30, 0.5, null));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string key, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await Http.SendAsync(request);
    }

    private static StringContent JsonBody(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
