using System.Globalization;
using System.Security.Claims;
using System.Text;
using GroundStation.Iam.AspNetCore;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Passes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GroundStation.Registry.Api;

/// <summary>The registry routes of docs/API.md, each behind <c>RequireIam</c>.</summary>
public static class RegistryApi
{
    /// <summary>Maps the satellite and station routes under <c>/api/v1</c>.</summary>
    public static IEndpointRouteBuilder MapRegistryApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api/v1");

        api.MapGet("/satellites", (ClaimsPrincipal user, IRegistry registry) =>
                Results.Ok(registry.Satellites(Tenant(user)).Select(SatelliteDto.From).ToArray()))
            .RequireIam("pass:read", "tenant/{tenant}/satellite/*").WithName("ListSatellites");

        api.MapGet("/satellites/{norad}", (string norad, ClaimsPrincipal user, IRegistry registry) =>
                OwnSatellite(norad, user, registry) is { } satellite ? Results.Ok(SatelliteDto.From(satellite)) : NotFound("satellite", norad))
            .RequireIam("pass:read", "tenant/{tenant}/satellite/{norad}").WithName("GetSatellite");

        api.MapPut("/satellites/{norad}", (string norad, SatelliteBody body, ClaimsPrincipal user, IRegistry registry, HttpContext http) =>
                PutSatellite(norad, body, user, registry, http.RequestServices.GetService<ISatelliteProfileCatalog>()))
            .RequireIam("satellite:manage", "tenant/{tenant}/satellite/{norad}").WithName("PutSatellite");

        api.MapPost("/satellites/{norad}/elements", async (string norad, HttpRequest request, ClaimsPrincipal user, IRegistry registry) =>
            {
                if (OwnSatellite(norad, user, registry) is not { } satellite)
                {
                    return NotFound("satellite", norad);
                }

                using var reader = new StreamReader(request.Body, Encoding.UTF8);
                var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
                return Validated(() =>
                {
                    var set = registry.IngestElements(satellite.Norad, text);
                    return Results.Created($"/api/v1/satellites/{satellite.Norad}/elements", ElementSetDto.From(set));
                });
            })
            .RequireIam("satellite:manage", "tenant/{tenant}/satellite/{norad}").WithName("IngestElements");

        api.MapGet("/satellites/{norad}/elements", (string norad, int? limit, ClaimsPrincipal user, IRegistry registry) =>
                OwnSatellite(norad, user, registry) is { } satellite
                    ? Results.Ok(registry.ElementHistory(satellite.Norad, Math.Clamp(limit ?? 100, 1, 1000)).Select(ElementSetDto.From).ToArray())
                    : NotFound("satellite", norad))
            .RequireIam("pass:read", "tenant/{tenant}/satellite/{norad}").WithName("ListElements");

        api.MapGet("/stations", (IRegistry registry, IServiceProvider services) =>
            {
                var status = services.GetService<IStationStatusProvider>();
                return Results.Ok(registry.Stations().Select(s => ToDto(s, status)).ToArray());
            })
            .RequireIam("pass:read", "station/*").WithName("ListStations");

        api.MapGet("/stations/{station}", (string station, IRegistry registry, IServiceProvider services) =>
                StationId.TryParse(station, out var id) && registry.FindStation(id) is { } record
                    ? Results.Ok(ToDto(record, services.GetService<IStationStatusProvider>()))
                    : NotFound("station", station))
            .RequireIam("pass:read", "station/{station}").WithName("GetStation");

        api.MapPut("/stations/{station}", (string station, StationBody body, IRegistry registry, IServiceProvider services) =>
            {
                if (!StationId.TryParse(station, out var id))
                {
                    return Invalid("station", $"'{station}' is not a station id (1-64 letters, digits, '-' or '_')");
                }

                return Validated(() =>
                {
                    var created = registry.UpsertStation(FromBody(id, body));
                    var dto = ToDto(registry.FindStation(id)!, services.GetService<IStationStatusProvider>());
                    return created ? Results.Created($"/api/v1/stations/{id}", dto) : Results.Ok(dto);
                });
            })
            .RequireIam("station:manage", "station/{station}").WithName("PutStation");

        api.MapPost("/stations/{station}/unavailability", (string station, UnavailabilityBody body, IRegistry registry) =>
            {
                if (!StationId.TryParse(station, out var id) || registry.FindStation(id) is null)
                {
                    return NotFound("station", station);
                }

                return Validated(() =>
                {
                    var window = registry.AddUnavailability(id, Require(body.From, "from"), Require(body.To, "to"), body.Reason ?? string.Empty);
                    return Results.Created($"/api/v1/stations/{id}/unavailability/{window.Id}", UnavailabilityDto.Of(window));
                });
            })
            .RequireIam("station:control", "station/{station}").WithName("AddUnavailability");

        return endpoints;
    }

    /// <summary>The caller's tenant (set by the IAM authentication handler).</summary>
    public static string Tenant(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirst(IamClaims.Tenant)?.Value ?? throw new InvalidOperationException("The request has no IAM tenant claim.");
    }

    /// <summary>The satellite named by a route value when it belongs to the caller's tenant; null otherwise (404 either way).</summary>
    public static SatelliteRecord? OwnSatellite(string norad, ClaimsPrincipal user, IRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return TryNorad(norad, out var id) && registry.FindSatellite(id) is { } satellite && satellite.Tenant == Tenant(user) ? satellite : null;
    }

    /// <summary>Parses a NORAD id from a route or query value.</summary>
    public static bool TryNorad(string? text, out NoradId norad)
    {
        norad = default;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 or > NoradId.MaxValue)
        {
            return false;
        }

        norad = new NoradId(value);
        return true;
    }

    /// <summary>A 400 validation problem naming <paramref name="field"/>.</summary>
    public static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: $"{field}: {message}");

    /// <summary>A 404 problem naming what was not found.</summary>
    public static IResult NotFound(string what, string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No {what} '{id}'.");

    private static IResult PutSatellite(string norad, SatelliteBody body, ClaimsPrincipal user, IRegistry registry, ISatelliteProfileCatalog? catalog)
    {
        if (!TryNorad(norad, out var id))
        {
            return Invalid("norad", $"'{norad}' is not a NORAD id (1-{NoradId.MaxValue})");
        }

        var tenant = Tenant(user);
        if (registry.FindSatellite(id) is { } existing && existing.Tenant != tenant)
        {
            return NotFound("satellite", norad);
        }

        return Validated(() =>
        {
            var spec = new SatelliteSpec(id, body.Name ?? string.Empty, tenant, Require(body.Priority, "priority"), Require(body.DownlinkHz, "downlinkHz"),
                body.UplinkHz, body.Mode ?? string.Empty, body.Callsign, body.MinimumContactSeconds ?? 0)
            {
                TelemetryDecoder = body.TelemetryDecoder,
                CommandDictionary = body.CommandDictionary,
            };
            CheckProfile(catalog, body);
            var (satellite, created) = registry.UpsertSatellite(spec);
            var dto = SatelliteDto.From(satellite);
            return created ? Results.Created($"/api/v1/satellites/{id}", dto) : Results.Ok(dto);
        });
    }

    // A name the core has no decoder or dictionary for would leave every frame undecoded and every command refused:
    // refuse it here, naming the ones the core has.
    private static void CheckProfile(ISatelliteProfileCatalog? catalog, SatelliteBody body)
    {
        if (catalog is null)
        {
            return;
        }

        if (!string.IsNullOrWhiteSpace(body.TelemetryDecoder) && !catalog.TelemetryDecoders.Contains(body.TelemetryDecoder.Trim()))
        {
            throw new RegistryValidationException("telemetryDecoder",
                $"the core has no decoder '{body.TelemetryDecoder.Trim()}' (it has: {string.Join(", ", catalog.TelemetryDecoders.Order(StringComparer.Ordinal))})");
        }

        if (!string.IsNullOrWhiteSpace(body.CommandDictionary) && !catalog.CommandDictionaries.Contains(body.CommandDictionary.Trim()))
        {
            throw new RegistryValidationException("commandDictionary",
                $"the core has no command dictionary '{body.CommandDictionary.Trim()}' (it has: {string.Join(", ", catalog.CommandDictionaries.Order(StringComparer.Ordinal))})");
        }
    }

    private static StationRecord FromBody(StationId id, StationBody body)
    {
        var latitude = Require(body.LatitudeDeg, "latitudeDeg");
        var longitude = Require(body.LongitudeDeg, "longitudeDeg");
        if (latitude is < -90 or > 90 || double.IsNaN(latitude))
        {
            throw new RegistryValidationException("latitudeDeg", "must be between -90 and 90 degrees");
        }

        if (longitude is < -180 or > 180 || double.IsNaN(longitude))
        {
            throw new RegistryValidationException("longitudeDeg", "must be between -180 and 180 degrees");
        }

        if (body.Bands is null || body.Bands.Count == 0)
        {
            throw new RegistryValidationException("bands", "at least one band {minHz, maxHz} is required");
        }

        HorizonMask? mask = null;
        if (body.HorizonMask is { Count: > 0 } points)
        {
            try
            {
                mask = new HorizonMask(points.Select(p => new HorizonPoint(new Azimuth(p.AzimuthDeg), new Elevation(p.ElevationDeg))));
            }
            catch (ArgumentException error)
            {
                throw new RegistryValidationException("horizonMask", error.Message);
            }
        }

        var rotator = body.Rotator is { } r
            ? new RotatorLimits(r.MinAzimuthDeg, r.MaxAzimuthDeg, r.MinElevationDeg, r.MaxElevationDeg, r.SlewRateDegPerSecond)
            : RotatorLimits.Default;
        return new StationRecord(id, body.Name ?? string.Empty,
            new GeodeticPosition(new Latitude(latitude), new Longitude(longitude), body.AltitudeM ?? 0),
            Require(body.MinimumElevationDeg, "minimumElevationDeg"), mask,
            [.. body.Bands.Select(b => new FrequencyBand(b.MinHz, b.MaxHz))], rotator, body.Callsign ?? string.Empty,
            body.Owner ?? string.Empty, body.Shared ?? true);
    }

    private static StationDto ToDto(StationRecord s, IStationStatusProvider? status) =>
        new(s.Id.Value, s.Name, s.Location.Latitude.Degrees, s.Location.Longitude.Degrees, s.Location.AltitudeMeters, s.MinimumElevationDeg,
            s.Mask?.Points.Select(p => new MaskPointDto(p.Azimuth.Degrees, p.MinimumElevation.Degrees)).ToArray(),
            [.. s.Bands.Select(b => new BandDto(b.MinHz, b.MaxHz))],
            new RotatorDto(s.Rotator.MinAzimuthDeg, s.Rotator.MaxAzimuthDeg, s.Rotator.MinElevationDeg, s.Rotator.MaxElevationDeg, s.Rotator.SlewRateDegPerSecond),
            s.Callsign, s.Owner, s.Shared, status?.StatusOf(s.Id) ?? "unknown");

    private static T Require<T>(T? value, string field)
        where T : struct =>
        value ?? throw new RegistryValidationException(field, "is required");

    private static IResult Validated(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (RegistryValidationException error)
        {
            return Invalid(error.Field, error.Problem);
        }
    }
}
