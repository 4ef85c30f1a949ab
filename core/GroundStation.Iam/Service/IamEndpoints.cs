using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GroundStation.Iam.Service;

/// <summary>The IAM HTTP API (JSON), every route behind <see cref="IamRequestGate"/>.</summary>
public static class IamEndpoints
{
    /// <summary>Most audit records returned by one request.</summary>
    public const int MaxAuditRecords = 10_000;

    /// <summary>Maps <c>/v1/keys</c>, <c>/v1/keys/verify</c>, <c>/v1/revocations</c> and <c>/v1/audit</c>.</summary>
    public static IEndpointRouteBuilder MapIamApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // One gate instance for all routes, so that the rate limits are shared across them.
        var v1 = endpoints.MapGroup("/v1").AddEndpointFilterFactory((factory, next) =>
        {
            var gate = factory.ApplicationServices.GetRequiredService<IamRequestGate>();
            return invocation => gate.InvokeAsync(invocation, next);
        });

        v1.MapPost("/keys", (HttpContext http, CreateKeyRequest request, IamService service) =>
                Respond(service.CreateKeyAsync(IamRequestGate.Caller(http), request, IamRequestGate.Source(http), http.RequestAborted)))
            .WithName("CreateKey").WithSummary("Creates a key; the answer holds the key, shown this once.");

        v1.MapGet("/keys", (HttpContext http, IamService service) => Respond(service.ListKeysAsync(IamRequestGate.Caller(http), http.RequestAborted)))
            .WithName("ListKeys").WithSummary("Lists the caller's tenant's keys, without secrets.");

        v1.MapPost("/keys/{id}/revoke", (HttpContext http, string id, IamService service) =>
                Respond(service.RevokeKeyAsync(IamRequestGate.Caller(http), id, IamRequestGate.Source(http), http.RequestAborted)))
            .WithName("RevokeKey").WithSummary("Revokes a key for good; every node refuses it within a second.");

        v1.MapPost("/keys/{id}/disable", (HttpContext http, string id, IamService service) =>
                Respond(service.SetKeyDisabledAsync(IamRequestGate.Caller(http), id, true, IamRequestGate.Source(http), http.RequestAborted)))
            .WithName("DisableKey").WithSummary("Turns a key off until it is enabled again.");

        v1.MapPost("/keys/{id}/enable", (HttpContext http, string id, IamService service) =>
                Respond(service.SetKeyDisabledAsync(IamRequestGate.Caller(http), id, false, IamRequestGate.Source(http), http.RequestAborted)))
            .WithName("EnableKey").WithSummary("Turns a disabled key back on.");

        v1.MapPost("/keys/{id}/rotate", (HttpContext http, string id, RotateKeyRequest? request, IamService service) =>
                Respond(service.RotateKeyAsync(IamRequestGate.Caller(http), id, request ?? new RotateKeyRequest(null, null), IamRequestGate.Source(http), http.RequestAborted)))
            .WithName("RotateKey").WithSummary("Replaces a key; the old one works for the overlap, never past its expiry.");

        v1.MapPost("/keys/verify", async (HttpContext http, VerifyRequest request, IamService service, IamRequestGate gate) =>
            {
                var answer = await service.VerifyAsync(IamRequestGate.Caller(http), request, IamRequestGate.Source(http), http.RequestAborted);
                if (!answer.Valid)
                {
                    gate.CountFailure(http);
                }

                return Results.Ok(answer);
            })
            .WithName("VerifyKey").WithSummary("Says whether a key may do an action on a resource.");

        v1.MapGet("/revocations", async (HttpContext http, long? after, double? wait, RevocationNotifier notifier, Storage.IIamStore store, IamServiceOptions options) =>
            {
                if (after is null or < 0)
                {
                    return Results.Ok(new RevocationFeedResponse(await notifier.LatestAsync(http.RequestAborted), []));
                }

                if (wait is { } w && !double.IsFinite(w))
                {
                    return Results.BadRequest(new ErrorResponse("wait must be a number of seconds"));
                }

                var hold = TimeSpan.FromSeconds(Math.Clamp(wait ?? options.MaxRevocationWait.TotalSeconds, 0, options.MaxRevocationWait.TotalSeconds));
                await notifier.WaitBeyondAsync(after.Value, hold, http.RequestAborted);
                var events = await store.RevocationsAfterAsync(after.Value, 1000, http.RequestAborted);
                var latest = events.Count > 0 ? events[^1].Sequence : after.Value;
                return Results.Ok(new RevocationFeedResponse(latest, events.Select(e => new RevocationView(e.Sequence, e.KeyId.Value, e.At)).ToList()));
            })
            .WithName("Revocations").WithSummary("Long-poll: revocations after a sequence, held open until one arrives or 'wait' seconds pass.");

        v1.MapGet("/audit", (HttpContext http, string? from, string? to, int? limit, IamService service, TimeProvider time) =>
            {
                if (!TryParseTime(from, DateTimeOffset.MinValue, out var start) || !TryParseTime(to, time.GetUtcNow().AddTicks(1), out var end))
                {
                    return Task.FromResult(Results.BadRequest(new ErrorResponse("from and to must be ISO 8601 instants, e.g. 2026-01-01T00:00:00Z")));
                }

                return Respond(service.ReadAuditAsync(IamRequestGate.Caller(http), start, end, Math.Clamp(limit ?? 1000, 1, MaxAuditRecords), http.RequestAborted));
            })
            .WithName("ReadAudit").WithSummary("The caller's tenant's audit records in [from, to).");

        return endpoints;
    }

    private static bool TryParseTime(string? text, DateTimeOffset fallback, out DateTimeOffset value)
    {
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    private static async Task<IResult> Respond<T>(Task<ServiceResult<T>> pending)
    {
        var result = await pending;
        return result.Outcome switch
        {
            ServiceOutcome.Ok => Results.Ok(result.Value),
            ServiceOutcome.Created => Results.Json(result.Value, statusCode: StatusCodes.Status201Created),
            ServiceOutcome.BadRequest => Results.BadRequest(new ErrorResponse(result.Error!)),
            ServiceOutcome.Forbidden => Results.Json(new ErrorResponse(result.Error!), statusCode: StatusCodes.Status403Forbidden),
            _ => Results.NotFound(new ErrorResponse(result.Error!)),
        };
    }
}
