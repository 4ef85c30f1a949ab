using System.Security.Claims;
using System.Text.Json.Serialization;
using GroundStation.Iam.AspNetCore;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Registry;
using GroundStation.Registry.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GroundStation.Scheduling.Api;

/// <summary>A pass decision as the API shows it.</summary>
/// <param name="PassId">Pass id.</param>
/// <param name="Station">Station.</param>
/// <param name="Norad">Satellite.</param>
/// <param name="SatelliteName">Satellite name.</param>
/// <param name="Aos">AOS.</param>
/// <param name="Tca">Culmination.</param>
/// <param name="Los">LOS.</param>
/// <param name="MaxElevationDeg">Maximum elevation.</param>
/// <param name="AosAzimuthDeg">Azimuth at AOS.</param>
/// <param name="LosAzimuthDeg">Azimuth at LOS.</param>
/// <param name="SetupStart">Start of the station's reservation.</param>
/// <param name="TeardownEnd">End of the station's reservation.</param>
/// <param name="Status">Scheduled or Rejected.</param>
/// <param name="Reason">Why it was rejected.</param>
public sealed record PassDecisionDto(
    string PassId, string Station, int Norad, string SatelliteName, DateTimeOffset Aos, DateTimeOffset Tca, DateTimeOffset Los,
    double MaxElevationDeg, double AosAzimuthDeg, double LosAzimuthDeg, DateTimeOffset SetupStart, DateTimeOffset TeardownEnd,
    PassDecisionStatus Status, string? Reason)
{
    internal static PassDecisionDto From(PassDecision d)
    {
        var c = d.Contact;
        return new(c.PassId.Value, c.Station.Value, c.Norad.Value, c.SatelliteName, c.Aos, c.Tca, c.Los, c.MaxElevationDeg, c.AosAzimuthDeg,
            c.LosAzimuthDeg, c.SetupStart, c.TeardownEnd, d.Status, d.Reason);
    }
}

/// <summary>A pass track as the API shows it.</summary>
/// <param name="PassId">Pass id.</param>
/// <param name="Points">The points.</param>
public sealed record PassTrackDto(string PassId, IReadOnlyList<TrackPointDto> Points);

/// <summary>One track point.</summary>
/// <param name="At">Time.</param>
/// <param name="AzimuthDeg">Azimuth.</param>
/// <param name="ElevationDeg">Elevation.</param>
/// <param name="RangeKm">Range.</param>
public sealed record TrackPointDto(DateTimeOffset At, double AzimuthDeg, double ElevationDeg, double RangeKm);

/// <summary>The answer to a re-plan request.</summary>
/// <param name="Status">"queued".</param>
/// <param name="Version">The schedule version when queued.</param>
public sealed record ReplanAccepted(string Status, long Version);

/// <summary>Source-generated JSON for the scheduling API.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PassDecisionDto[]))]
[JsonSerializable(typeof(PassTrackDto))]
[JsonSerializable(typeof(ReplanAccepted))]
public sealed partial class SchedulingJsonContext : JsonSerializerContext;

/// <summary>The scheduling routes of docs/API.md, each behind <c>RequireIam</c>.</summary>
public static class SchedulingApi
{
    /// <summary>Maps <c>GET /api/v1/passes</c>, <c>GET /api/v1/passes/{passId}/track</c> and <c>POST /api/v1/schedule/replan</c>.</summary>
    public static IEndpointRouteBuilder MapSchedulingApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api/v1");

        api.MapGet("/passes", (HttpRequest request, ClaimsPrincipal user, SchedulerService scheduler, IRegistry registry) =>
                ListPasses(request, user, scheduler, registry, request.HttpContext.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System))
            .RequireIam("pass:read", "station/*").WithName("ListPasses");

        api.MapGet("/passes/{passId}/track", (string passId, int? stepSeconds, ClaimsPrincipal user, SchedulerService scheduler, IRegistry registry) =>
            {
                if (stepSeconds is < 1 or > 600)
                {
                    return RegistryApi.Invalid("stepSeconds", "must be between 1 and 600");
                }

                if (!PassId.TryParse(passId, out var id) || scheduler.Find(id) is not { } contact ||
                    RegistryApi.OwnSatellite(contact.Norad.ToString(), user, registry) is null ||
                    scheduler.Track(id, TimeSpan.FromSeconds(stepSeconds ?? 10)) is not { } track)
                {
                    return RegistryApi.NotFound("pass", passId);
                }

                return Results.Ok(new PassTrackDto(track.PassId.Value,
                    [.. track.Points.Select(p => new TrackPointDto(p.At, p.AzimuthDeg, p.ElevationDeg, p.RangeKm))]));
            })
            .RequireIam("pass:read", "station/*").WithName("GetPassTrack");

        api.MapPost("/schedule/replan", (ClaimsPrincipal user, SchedulerService scheduler) =>
            {
                scheduler.RequestReplan($"requested by {user.Identity?.Name ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "an operator"}");
                return Results.Accepted("/api/v1/passes", new ReplanAccepted("queued", scheduler.Version));
            })
            .RequireIam("pass:schedule", "tenant/{tenant}/satellite/*").WithName("Replan");

        return endpoints;
    }

    private static IResult ListPasses(HttpRequest request, ClaimsPrincipal user, SchedulerService scheduler, IRegistry registry, TimeProvider time)
    {
        var query = request.Query;
        StationId? station = null;
        if (query["station"].ToString() is { Length: > 0 } stationText)
        {
            if (!StationId.TryParse(stationText, out var id))
            {
                return RegistryApi.Invalid("station", $"'{stationText}' is not a station id");
            }

            station = id;
        }

        NoradId? norad = null;
        if (query["norad"].ToString() is { Length: > 0 } noradText)
        {
            if (!RegistryApi.TryNorad(noradText, out var id))
            {
                return RegistryApi.Invalid("norad", $"'{noradText}' is not a NORAD id");
            }

            norad = id;
        }

        var now = time.GetUtcNow();
        if (!TryTime(query["from"], now - TimeSpan.FromHours(1), out var from))
        {
            return RegistryApi.Invalid("from", "is not an ISO 8601 time");
        }

        if (!TryTime(query["to"], now + TimeSpan.FromDays(7), out var to))
        {
            return RegistryApi.Invalid("to", "is not an ISO 8601 time");
        }

        var limit = 100;
        if (query["limit"].ToString() is { Length: > 0 } limitText &&
            (!int.TryParse(limitText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1000))
        {
            return RegistryApi.Invalid("limit", "must be between 1 and 1000");
        }

        var include = query["include"].ToString();
        if (include.Length > 0 && include != "rejected")
        {
            return RegistryApi.Invalid("include", "the only value is 'rejected'");
        }

        // Tenancy: only the caller's satellites' passes are listed.
        var tenant = RegistryApi.Tenant(user);
        var own = registry.Satellites(tenant).Select(s => s.Norad).ToHashSet();
        var decisions = scheduler.Decisions(from, to, station, norad, include == "rejected")
            .Where(d => own.Contains(d.Contact.Norad)).Take(limit).Select(PassDecisionDto.From).ToArray();
        return Results.Ok(decisions);
    }

    private static bool TryTime(string? text, DateTimeOffset fallback, out DateTimeOffset value)
    {
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }

        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out value);
    }
}
