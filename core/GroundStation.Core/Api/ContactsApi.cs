using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using GroundStation.Core.Contacts;
using GroundStation.Core.Events;
using GroundStation.Core.Stations;
using GroundStation.Iam.AspNetCore;
using GroundStation.Messaging.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace GroundStation.Core.Api;

/// <summary>The body of <c>POST /api/v1/contacts/{passId}/cancel</c>.</summary>
/// <param name="Reason">Why the contact is cancelled; recorded in its history.</param>
public sealed record CancelContactRequest(string? Reason);

/// <summary>The contact routes of docs/API.md and the live event stream.</summary>
public static class ContactsApi
{
    /// <summary>The live event stream's path; it also accepts the key as <c>?access_token=</c>.</summary>
    public const string EventsPath = "/api/v1/events";

    /// <summary>Maps <c>/api/v1/contacts</c> and <c>/api/v1/events</c>.</summary>
    public static IEndpointRouteBuilder MapContactsApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var contacts = endpoints.MapGroup("/api/v1/contacts").WithTags("Contacts");
        contacts.MapGet("/", List).RequireIam("pass:read", "station/*").WithName("ListContacts");
        contacts.MapGet("/{passId}", Get).RequireIam("pass:read", "station/*").WithName("GetContact");
        contacts.MapPost("/{passId}/cancel", CancelAsync).RequireIam("pass:cancel", "tenant/{tenant}/satellite/*").WithName("CancelContact");
        endpoints.MapGet(EventsPath, Events).RequireIam("pass:read", "station/*").WithTags("Events").WithName("Events");
        return endpoints;
    }

    private static Results<Ok<IReadOnlyList<Contact>>, ValidationProblem> List(
        ContactService service, string? station, int? norad, string? state, DateTimeOffset? from, DateTimeOffset? to, int? limit)
    {
        var errors = new Dictionary<string, string[]>();
        StationId? stationId = null;
        if (station is not null)
        {
            if (StationId.TryParse(station, out var parsed))
            {
                stationId = parsed;
            }
            else
            {
                errors["station"] = [$"'{station}' is not a station id"];
            }
        }

        ContactState? contactState = null;
        if (state is not null)
        {
            if (Enum.TryParse<ContactState>(state, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                contactState = parsed;
            }
            else
            {
                errors["state"] = [$"'{state}' is not one of {string.Join(", ", Enum.GetNames<ContactState>())}"];
            }
        }

        if (norad is < 1)
        {
            errors["norad"] = ["must be a positive catalogue number"];
        }

        if (limit is < 1 or > 1000)
        {
            errors["limit"] = ["must be between 1 and 1000"];
        }

        if (from is { } f && to is { } t && t < f)
        {
            errors["to"] = ["must not be before 'from'"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(service.Query(new ContactQuery(stationId, norad, contactState, from, to, limit ?? 100)));
    }

    private static Results<Ok<Contact>, NotFound, ValidationProblem> Get(ContactService service, string passId)
    {
        if (!PassId.TryParse(passId, out var id))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["passId"] = [$"'{passId}' is not a pass id"] });
        }

        return service.Find(id) is { } contact ? TypedResults.Ok(contact) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<Contact>, NotFound, Conflict<Contact>, ValidationProblem>> CancelAsync(
        ContactService service, string passId, CancelContactRequest? body, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!PassId.TryParse(passId, out var id))
        {
            errors["passId"] = [$"'{passId}' is not a pass id"];
        }

        var reason = body?.Reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            errors["reason"] = ["is required"];
        }
        else if (reason.Length > 500)
        {
            errors["reason"] = ["must be at most 500 characters"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var principal = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown principal";
        var outcome = await service.CancelAsync(id, principal, reason!, cancellationToken);
        return outcome switch
        {
            { Contact: null } => TypedResults.NotFound(),
            { Conflict: not null } => TypedResults.Conflict(outcome.Contact),
            _ => TypedResults.Ok(service.Find(id) ?? outcome.Contact),
        };
    }

    private static ServerSentEventsResult<string> Events(CoreEventHub hub, StationBoard stations, IHostApplicationLifetime lifetime, HttpContext http) =>
        // The stream ends with the request or with the application, so a Ctrl-C does not wait for browsers to leave.
        TypedResults.ServerSentEvents(Stream(hub, stations, CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping)));

    private static async IAsyncEnumerable<SseItem<string>> Stream(CoreEventHub hub, StationBoard stations, CancellationTokenSource end)
    {
        using var ending = end;
        var cancellationToken = end.Token;
        using var subscription = hub.Subscribe();
        // A new client first gets every station's current view, then live events; it misses nothing in between
        // because the subscription exists before the snapshot is taken.
        foreach (var station in stations.All)
        {
            yield return new SseItem<string>(CoreJson.Serialize(station), "station");
        }

        long sequence = 0;
        var events = subscription.Events.ReadAllAsync(cancellationToken).WithCancellation(cancellationToken);
        await using var reader = events.GetAsyncEnumerator();
        while (await MoveNextAsync(reader))
        {
            var message = reader.Current;
            yield return new SseItem<string>(message.Json, message.Type) { EventId = (++sequence).ToString(CultureInfo.InvariantCulture) };
        }
    }

    // The end of the stream (client gone, application stopping) is its normal end, not an error.
    private static async ValueTask<bool> MoveNextAsync(ConfiguredCancelableAsyncEnumerable<CoreEvent>.Enumerator reader)
    {
        try
        {
            return await reader.MoveNextAsync();
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
