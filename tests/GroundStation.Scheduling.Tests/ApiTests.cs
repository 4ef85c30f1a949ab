using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using GroundStation.Iam.AspNetCore;
using GroundStation.Iam.Client;
using GroundStation.Iam.Keys;
using GroundStation.Iam.Service;
using GroundStation.Iam.Storage;
using GroundStation.Orbits;
using GroundStation.Registry;
using GroundStation.Registry.Api;
using GroundStation.Scheduling.Api;
using GroundStation.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace GroundStation.Scheduling.Tests;

/// <summary>A real IAM server and the registry and scheduling routes on Kestrel, both on loopback ports.</summary>
internal sealed class ApiHost : IAsyncDisposable
{
    private readonly WebApplication _iam;
    private readonly WebApplication _core;
    private readonly string _iamDirectory;

    private ApiHost(WebApplication iam, WebApplication core, string iamDirectory, Uri address, string adminKey, string operatorKey, string viewerKey)
    {
        _iam = iam;
        _core = core;
        _iamDirectory = iamDirectory;
        AdminKey = adminKey;
        OperatorKey = operatorKey;
        ViewerKey = viewerKey;
        Http = new HttpClient { BaseAddress = address };
    }

    public string AdminKey { get; }

    public string OperatorKey { get; }

    public string ViewerKey { get; }

    public HttpClient Http { get; }

    public static async Task<ApiHost> StartAsync(TestWorld world)
    {
        var iamDirectory = Directory.CreateTempSubdirectory("gs-iam-").FullName;
        var iamPort = FreePort.Next();
        var iam = IamServer.Build(new IamServerSettings { Store = SqliteIamStore.Open(iamDirectory), Listen = new IPEndPoint(IPAddress.Loopback, iamPort) });
        await iam.StartAsync();
        var admin = (await iam.Services.GetRequiredService<IamService>()
            .BootstrapAsync(new TenantId("t1"), new PrincipalId("root"), TimeSpan.FromDays(1), CancellationToken.None))!.Reveal();
        var iamHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{iamPort}/") };
        var adminClient = new IamClient(iamHttp, admin);
        var ops = await adminClient.CreateKeyAsync(new CreateKeyRequest("ops", null, ["operator"], "operator", null, null, null), CancellationToken.None);
        var viewer = await adminClient.CreateKeyAsync(new CreateKeyRequest("watcher", null, ["viewer"], "operator", null, null, null), CancellationToken.None);

        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddSingleton<IKeyVerifier>(adminClient);
        builder.Services.AddGroundStationIamAuthentication();
        builder.Services.AddSingleton<IRegistry>(world.Registry);
        builder.Services.AddSingleton(world.Scheduler);
        builder.Services.AddSingleton<TimeProvider>(world.Time);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, RegistryJsonContext.Default);
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, SchedulingJsonContext.Default);
        });
        var core = builder.Build();
        core.UseAuthentication();
        core.UseAuthorization();
        core.MapRegistryApi();
        core.MapSchedulingApi();
        await core.StartAsync();
        return new ApiHost(iam, core, iamDirectory, new Uri($"http://127.0.0.1:{port}/"), admin, ops.Key, viewer.Key);
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? key, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _core.StopAsync();
        await _core.DisposeAsync();
        await _iam.StopAsync();
        await _iam.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_iamDirectory, recursive: true);
    }
}

/// <summary>The registry and scheduling routes of docs/API.md, through HTTP and real IAM.</summary>
public class ApiTests
{
    private static string Station(string name, GroundStation.Orbits.Geometry.GeodeticPosition at) => $$"""
        {"name": "{{name}}", "latitudeDeg": {{at.Latitude.Degrees.ToString(System.Globalization.CultureInfo.InvariantCulture)}},
         "longitudeDeg": {{at.Longitude.Degrees.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "altitudeM": 0,
         "minimumElevationDeg": 10, "bands": [{"minHz": 430000000, "maxHz": 440000000}],
         "rotator": {"minAzimuthDeg": -180, "maxAzimuthDeg": 450, "minElevationDeg": 0, "maxElevationDeg": 90, "slewRateDegPerSecond": 6},
         "callsign": "N0CALL", "owner": "t1", "shared": true}
        """;

    private static string Satellite(int priority) =>
        $$"""{"name": "SAT", "priority": {{priority}}, "downlinkHz": 437500000, "uplinkHz": 145900000, "mode": "FM", "minimumContactSeconds": 60}""";

    [Fact]
    public async Task Satellites_and_stations_are_managed_with_iam_tenancy_and_validation_naming_the_field()
    {
        using var world = new TestWorld();
        await using var api = await ApiHost.StartAsync(world);

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.SendAsync(HttpMethod.Get, "api/v1/satellites", null)).Status);
        var created = await api.SendAsync(HttpMethod.Put, "api/v1/satellites/41001", api.AdminKey, ApiHost.Json(Satellite(5)));
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("S41001", (string?)created.Body!["callsign"]);
        Assert.Equal("t1", (string?)created.Body!["tenant"]);
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Put, "api/v1/satellites/41001", api.AdminKey, ApiHost.Json(Satellite(6)))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.SendAsync(HttpMethod.Put, "api/v1/satellites/41001", api.ViewerKey, ApiHost.Json(Satellite(6)))).Status);

        var invalid = await api.SendAsync(HttpMethod.Put, "api/v1/satellites/41001", api.AdminKey,
            ApiHost.Json("""{"name": "SAT", "downlinkHz": 437500000, "mode": "FM"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Equal("is required", (string?)invalid.Body!["errors"]!["priority"]![0]);
        var badCallsign = await api.SendAsync(HttpMethod.Put, "api/v1/satellites/41001", api.AdminKey,
            ApiHost.Json("""{"name": "SAT", "priority": 1, "downlinkHz": 437500000, "mode": "FM", "callsign": "TOO-LONG-1"}"""));
        Assert.NotNull(badCallsign.Body!["errors"]!["callsign"]);

        // Another tenant's satellite answers exactly like a missing one.
        world.Registry.UpsertSatellite(TestOrbits.Satellite(50000, 1, tenant: "t2"));
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Get, "api/v1/satellites/50000", api.ViewerKey)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Get, "api/v1/satellites/50001", api.ViewerKey)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Put, "api/v1/satellites/50000", api.AdminKey, ApiHost.Json(Satellite(1)))).Status);
        var list = (await api.SendAsync(HttpMethod.Get, "api/v1/satellites", api.ViewerKey)).Body!.AsArray();
        Assert.Equal([41001], list.Select(s => (int)s!["norad"]!));

        // Element sets: a TLE as text, an OMM as JSON, history newest epoch first, errors naming the body.
        var older = TestOrbits.Leo(41001, 40, 10);
        var newer = TestOrbits.Leo(41001, 40, 12, epoch: TestOrbits.Epoch.AddHours(6));
        var posted = await api.SendAsync(HttpMethod.Post, "api/v1/satellites/41001/elements", api.AdminKey,
            new StringContent("SAT\n" + TestOrbits.Tle(newer), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Created, posted.Status);
        Assert.Equal("3le", (string?)posted.Body!["format"]);
        var omm = $$"""
            {"OBJECT_NAME": "SAT", "OBJECT_ID": "2024-001A", "NORAD_CAT_ID": 41001, "EPOCH": "2024-01-02T00:00:00.000000",
             "MEAN_MOTION": 15.2, "ECCENTRICITY": 0.0005, "INCLINATION": 97.5, "RA_OF_ASC_NODE": 40, "ARG_OF_PERICENTER": 0,
             "MEAN_ANOMALY": 10, "EPHEMERIS_TYPE": 0, "CLASSIFICATION_TYPE": "U", "ELEMENT_SET_NO": 999, "REV_AT_EPOCH": 1,
             "BSTAR": 0, "MEAN_MOTION_DOT": 0, "MEAN_MOTION_DDOT": 0}
            """;
        var fromOmm = await api.SendAsync(HttpMethod.Post, "api/v1/satellites/41001/elements", api.AdminKey, ApiHost.Json(omm));
        Assert.Equal(HttpStatusCode.Created, fromOmm.Status);
        Assert.Equal("omm", (string?)fromOmm.Body!["format"]);
        var history = (await api.SendAsync(HttpMethod.Get, "api/v1/satellites/41001/elements", api.ViewerKey)).Body!.AsArray();
        Assert.Equal(["3le", "omm"], history.Select(e => (string)e!["format"]!));
        Assert.Equal(TleWriterLine1(newer), (string?)(await api.SendAsync(HttpMethod.Get, "api/v1/satellites/41001", api.ViewerKey)).Body!["elements"]!["line1"]);
        Assert.Equal(TleWriterLine1(older), (string?)history[1]!["line1"]);
        var garbage = await api.SendAsync(HttpMethod.Post, "api/v1/satellites/41001/elements", api.AdminKey, new StringContent("1 nonsense\n2 nonsense"));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.Status);
        Assert.NotNull(garbage.Body!["errors"]!["body"]);
        var wrongSatellite = await api.SendAsync(HttpMethod.Post, "api/v1/satellites/41001/elements", api.AdminKey,
            new StringContent(TestOrbits.Tle(TestOrbits.Leo(41002, 0, 0))));
        Assert.Contains("not 41001", (string?)wrongSatellite.Body!["errors"]!["body"]![0], StringComparison.Ordinal);

        // Stations: shared infrastructure, managed by admins, blocked by operators.
        var at = new GroundStation.Orbits.Geometry.GeodeticPosition(new GroundStation.Orbits.Geometry.Latitude(48), new GroundStation.Orbits.Geometry.Longitude(11), 0);
        Assert.Equal(HttpStatusCode.Created, (await api.SendAsync(HttpMethod.Put, "api/v1/stations/gs-1", api.AdminKey, ApiHost.Json(Station("One", at)))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.SendAsync(HttpMethod.Put, "api/v1/stations/gs-1", api.OperatorKey, ApiHost.Json(Station("One", at)))).Status);
        var badStation = await api.SendAsync(HttpMethod.Put, "api/v1/stations/gs-1", api.AdminKey,
            ApiHost.Json(Station("One", at).Replace("\"minimumElevationDeg\": 10", "\"minimumElevationDeg\": 95", StringComparison.Ordinal)));
        Assert.NotNull(badStation.Body!["errors"]!["minimumElevationDeg"]);
        var station = (await api.SendAsync(HttpMethod.Get, "api/v1/stations/gs-1", api.ViewerKey)).Body!;
        Assert.Equal(450, (double)station["rotator"]!["maxAzimuthDeg"]!);
        Assert.Equal("unknown", (string?)station["status"]);
        var blocked = await api.SendAsync(HttpMethod.Post, "api/v1/stations/gs-1/unavailability", api.OperatorKey,
            ApiHost.Json("""{"from": "2024-01-02T06:00:00Z", "to": "2024-01-02T08:00:00Z", "reason": "maintenance"}"""));
        Assert.Equal(HttpStatusCode.Created, blocked.Status);
        var backwards = await api.SendAsync(HttpMethod.Post, "api/v1/stations/gs-1/unavailability", api.OperatorKey,
            ApiHost.Json("""{"from": "2024-01-02T08:00:00Z", "to": "2024-01-02T06:00:00Z", "reason": "maintenance"}"""));
        Assert.NotNull(backwards.Body!["errors"]!["to"]);
        Assert.Single(world.Registry.Unavailability(DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
    }

    [Fact]
    public async Task The_passes_route_shows_the_conflict_and_where_the_loser_went_and_tracks_and_replans()
    {
        using var world = new TestWorld();
        await using var api = await ApiHost.StartAsync(world);
        var high = TestOrbits.Leo(41001, raanDeg: 40, meanAnomalyDeg: 10);
        var low = TestOrbits.Leo(41002, raanDeg: 40, meanAnomalyDeg: 8.5);
        var overhead = TestOrbits.SubPoint(high, TestOrbits.Epoch.AddMinutes(60));
        var east = new GroundStation.Orbits.Geometry.GeodeticPosition(overhead.Latitude, new GroundStation.Orbits.Geometry.Longitude(overhead.Longitude.Degrees + 9), 0);
        await api.SendAsync(HttpMethod.Put, "api/v1/stations/gs-1", api.AdminKey, ApiHost.Json(Station("One", overhead)));
        await api.SendAsync(HttpMethod.Put, "api/v1/stations/gs-2", api.AdminKey, ApiHost.Json(Station("Two", east)));
        foreach (var (elements, priority) in new[] { (high, 5), (low, 3) })
        {
            await api.SendAsync(HttpMethod.Put, $"api/v1/satellites/{elements.Id}", api.AdminKey, ApiHost.Json(Satellite(priority)));
            await api.SendAsync(HttpMethod.Post, $"api/v1/satellites/{elements.Id}/elements", api.AdminKey, new StringContent(TestOrbits.Tle(elements)));
        }

        // POST replan answers 202 at once and the run follows.
        var planned = new TaskCompletionSource<PlanningStatistics>(TaskCreationOptions.RunContinuationsAsynchronously);
        world.Scheduler.Planned += (_, stats) => planned.TrySetResult(stats);
        await world.Scheduler.StartAsync(CancellationToken.None);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.SendAsync(HttpMethod.Post, "api/v1/schedule/replan", api.ViewerKey)).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await api.SendAsync(HttpMethod.Post, "api/v1/schedule/replan", api.OperatorKey)).Status);
        await planned.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await world.Scheduler.ReplanAsync("settle", CancellationToken.None);
        await world.Scheduler.StopAsync(CancellationToken.None);

        var window = "from=2024-01-02T00:50:00Z&to=2024-01-02T01:10:00Z";
        var scheduledOnly = (await api.SendAsync(HttpMethod.Get, $"api/v1/passes?{window}", api.ViewerKey)).Body!.AsArray();
        Assert.All(scheduledOnly, p => Assert.Equal("Scheduled", (string?)p!["status"]));
        Assert.Contains(scheduledOnly, p => (int)p!["norad"]! == 41001 && (string?)p["station"] == "gs-1");
        Assert.Contains(scheduledOnly, p => (int)p!["norad"]! == 41002 && (string?)p["station"] == "gs-2");
        var withRejected = (await api.SendAsync(HttpMethod.Get, $"api/v1/passes?{window}&station=gs-1&norad=41002&include=rejected", api.ViewerKey)).Body!.AsArray();
        var rejected = Assert.Single(withRejected);
        Assert.Equal("Rejected", (string?)rejected!["status"]);
        Assert.Equal("conflict with 41001 (priority 5 > 3) at gs-1", (string?)rejected["reason"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.SendAsync(HttpMethod.Get, "api/v1/passes?include=everything", api.ViewerKey)).Status);

        var passId = (string)scheduledOnly.First(p => (int)p!["norad"]! == 41001)!["passId"]!;
        var track = (await api.SendAsync(HttpMethod.Get, $"api/v1/passes/{passId}/track?stepSeconds=30", api.ViewerKey)).Body!;
        var points = track["points"]!.AsArray();
        Assert.True(points.Count > 10);
        Assert.InRange((double)points[0]!["elevationDeg"]!, 9.5, 10.5);
        Assert.True(points.Max(p => (double)p!["elevationDeg"]!) > 80);
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Get, "api/v1/passes/gs-1.1.20240101T0000Z/track", api.ViewerKey)).Status);
    }

    private static string TleWriterLine1(GroundStation.Orbits.Elements.OrbitalElements elements) => GroundStation.Orbits.Elements.TleWriter.Format(elements).Line1;
}
