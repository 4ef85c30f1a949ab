using System.Globalization;
using System.Text.Json;
using GroundStation.Iam.AspNetCore;
using GroundStation.Iam.Client;
using GroundStation.Iam.Policy;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits;
using GroundStation.Telemetry.Limits;
using GroundStation.Telemetry.Live;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GroundStation.Telemetry.Api;

/// <summary>The telemetry routes of docs/API.md.</summary>
public static class TelemetryApi
{
    /// <summary>
    /// Maps <c>/api/v1/telemetry</c>, <c>/telemetry/latest</c>, <c>/telemetry/live</c> (SSE), <c>/frames</c>, <c>/alarms</c>
    /// and <c>/alarms/{alarmId}/acknowledge</c>. Routes whose satellite is a query argument ask IAM themselves
    /// (<see cref="IamRequest"/>); the others use <c>RequireIam</c>. A satellite of another tenant answers 404.
    /// </summary>
    public static IEndpointRouteBuilder MapTelemetryApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api/v1").WithTags("Telemetry");
        api.MapGet("/telemetry", QuerySamplesAsync);
        api.MapGet("/telemetry/latest", LatestAsync);
        api.MapGet("/telemetry/live", LiveAsync);
        api.MapGet("/frames", FramesAsync);
        api.MapGet("/alarms", Alarms).RequireIam(IamActions.TelemetryRead, "tenant/{tenant}/satellite/*");
        api.MapPost("/alarms/{alarmId}/acknowledge", Acknowledge).RequireIam(IamActions.AlarmAcknowledge, "tenant/{tenant}/satellite/*");
        return endpoints;
    }

    private static async Task<IResult> QuerySamplesAsync(HttpContext http, IKeyVerifier verifier, ITelemetryTargetDirectory targets,
        TelemetryQueries queries, TimeProvider time, string? norad, string? parameter, string? from, string? to, string? limit)
    {
        if (norad is null)
        {
            return ApiArguments.Invalid("norad", "required.");
        }

        if (!ApiArguments.TryNorad(norad, "norad", out var id, out var error) || !ApiArguments.TryLimit(limit, out var count, out error) ||
            !ApiArguments.TryInstant(to, "to", time.GetUtcNow().AddDays(1), out var until, out error) ||
            !ApiArguments.TryInstant(from, "from", until.AddDays(-1), out var since, out error))
        {
            return error!;
        }

        if (since >= until)
        {
            return ApiArguments.Invalid("from", "must be before 'to'.");
        }

        var (refusal, _) = await AuthorizeSatelliteAsync(http, verifier, targets, IamActions.TelemetryRead, id!.Value);
        if (refusal is not null)
        {
            return refusal;
        }

        var samples = await queries.SamplesAsync(id.Value, parameter, since, until, count, http.RequestAborted);
        return Results.Ok(samples);
    }

    private static async Task<IResult> LatestAsync(HttpContext http, IKeyVerifier verifier, ITelemetryTargetDirectory targets,
        TelemetryQueries queries, string? norad)
    {
        if (norad is null)
        {
            return ApiArguments.Invalid("norad", "required.");
        }

        if (!ApiArguments.TryNorad(norad, "norad", out var id, out var error))
        {
            return error!;
        }

        var (refusal, _) = await AuthorizeSatelliteAsync(http, verifier, targets, IamActions.TelemetryRead, id!.Value);
        return refusal ?? Results.Ok(queries.Latest(id.Value));
    }

    private static async Task<IResult> FramesAsync(HttpContext http, IKeyVerifier verifier, ITelemetryTargetDirectory targets,
        TelemetryQueries queries, string? norad, string? station, string? passId, string? limit)
    {
        if (!ApiArguments.TryNorad(norad, "norad", out var id, out var error) || !ApiArguments.TryLimit(limit, out var count, out error))
        {
            return error!;
        }

        StationId? stationId = null;
        if (station is not null)
        {
            if (!StationId.TryParse(station, out var parsed))
            {
                return ApiArguments.Invalid("station", $"'{station}' is not a station id.");
            }

            stationId = parsed;
        }

        if (passId is not null && !PassId.TryParse(passId, out _))
        {
            return ApiArguments.Invalid("passId", $"'{passId}' is not a pass id.");
        }

        if (id is null && passId is not null && PassIds.TryGetNorad(passId, out var fromPass))
        {
            id = fromPass;
        }

        if (id is null)
        {
            return ApiArguments.Invalid("norad", "required (or a passId that names the satellite).");
        }

        var (refusal, _) = await AuthorizeSatelliteAsync(http, verifier, targets, IamActions.TelemetryRead, id.Value);
        return refusal ?? Results.Ok(queries.Frames(id, stationId, passId, count));
    }

    private static IResult Alarms(HttpContext http, ITelemetryTargetDirectory targets, TelemetryQueries queries, string? state, string? limit)
    {
        if (state is not (null or "active" or "all"))
        {
            return ApiArguments.Invalid("state", $"'{state}' is neither 'active' nor 'all'.");
        }

        if (!ApiArguments.TryLimit(limit, out var count, out var error))
        {
            return error!;
        }

        var tenant = IamRequest.Tenant(http.User);
        var alarms = queries.Alarms(state != "all", norad => OwnedBy(targets, norad.Value, tenant), count);
        return Results.Ok(alarms);
    }

    private static IResult Acknowledge(HttpContext http, ITelemetryTargetDirectory targets, TelemetryQueries queries, TelemetryLiveFeed live,
        TimeProvider time, string alarmId)
    {
        if (!long.TryParse(alarmId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return Results.NotFound();
        }

        var alarm = queries.Store.FindAlarm(id);
        if (alarm is null || !OwnedBy(targets, alarm.Norad, IamRequest.Tenant(http.User)))
        {
            return Results.NotFound();
        }

        var acknowledged = queries.Store.Acknowledge(id, IamRequest.Principal(http.User) ?? "unknown", time.GetUtcNow());
        if (acknowledged is not null && alarm.AcknowledgedAt is null)
        {
            live.Publish(new TelemetryLiveEvent(alarm.Norad, Alarm: new AlarmChange(AlarmChangeKind.Acknowledged, acknowledged)));
        }

        return acknowledged is null ? Results.NotFound() : Results.Ok(acknowledged);
    }

    private static async Task LiveAsync(HttpContext http, IKeyVerifier verifier, ITelemetryTargetDirectory targets, TelemetryLiveFeed live,
        TelemetryOptions options, string? norad)
    {
        if (!ApiArguments.TryNorad(norad, "norad", out var id, out var error))
        {
            await error!.ExecuteAsync(http);
            return;
        }

        if (id is null)
        {
            await ApiArguments.Invalid("norad", "required.").ExecuteAsync(http);
            return;
        }

        var (refusal, _) = await AuthorizeSatelliteAsync(http, verifier, targets, IamActions.TelemetryRead, id.Value);
        if (refusal is not null)
        {
            await refusal.ExecuteAsync(http);
            return;
        }

        using var subscription = live.Subscribe(id.Value.Value, options.LiveSubscriberCapacity);
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var ct = http.RequestAborted;
        try
        {
            // A comment line first, so the client sees the stream open before the first event.
            await http.Response.WriteAsync(": live\n\n", ct);
            await http.Response.Body.FlushAsync(ct);
            while (await subscription.Events.WaitToReadAsync(ct))
            {
                while (subscription.Events.TryRead(out var liveEvent))
                {
                    if (liveEvent.Sample is { } sample)
                    {
                        await WriteEventAsync(http, "sample", JsonSerializer.Serialize(sample, TelemetryJsonContext.Default.TelemetrySampleView), ct);
                    }
                    else if (liveEvent.Frame is { } frame)
                    {
                        await WriteEventAsync(http, "frame", JsonSerializer.Serialize(frame, TelemetryJsonContext.Default.TelemetryFrameView), ct);
                    }
                    else if (liveEvent.Alarm is { } alarm)
                    {
                        await WriteEventAsync(http, "alarm", JsonSerializer.Serialize(alarm, TelemetryJsonContext.Default.AlarmChange), ct);
                    }
                }

                await http.Response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static Task WriteEventAsync(HttpContext http, string name, string json, CancellationToken ct) =>
        http.Response.WriteAsync($"event: {name}\ndata: {json}\n\n", ct);

    /// <summary>
    /// Asks IAM for <paramref name="action"/> on <c>tenant/{caller's tenant}/satellite/{norad}</c>, then hides a satellite
    /// of another tenant (or unknown) behind a 404. Returns the refusal to send, or null with the target when allowed.
    /// </summary>
    internal static async Task<(IResult? Refusal, TelemetryTarget? Target)> AuthorizeSatelliteAsync(HttpContext http, IKeyVerifier verifier,
        ITelemetryTargetDirectory targets, string action, NoradId norad)
    {
        // The tenant is only known after authentication: validate the key first (cached by the verifier).
        var key = IamRequest.PresentedKey(http);
        if (string.IsNullOrEmpty(key))
        {
            return (Results.Unauthorized(), null);
        }

        var who = await verifier.VerifyAsync(key, null, null, http.RequestAborted);
        if (!who.Valid || who.Tenant is null)
        {
            return (Results.Unauthorized(), null);
        }

        var check = await IamRequest.CheckAsync(http, verifier, action, $"tenant/{who.Tenant}/satellite/{norad}");
        if (!check.Allowed)
        {
            return (check.Refusal, null);
        }

        var target = targets.Find(norad);
        return target is null || !string.Equals(target.Tenant, who.Tenant, StringComparison.Ordinal)
            ? (Results.NotFound(), null)
            : (null, target);
    }

    private static bool OwnedBy(ITelemetryTargetDirectory targets, int norad, string? tenant) =>
        tenant is not null && norad is >= 1 and <= NoradId.MaxValue &&
        string.Equals(targets.Find(new NoradId(norad))?.Tenant, tenant, StringComparison.Ordinal);
}
