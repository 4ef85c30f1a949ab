using GroundStation.Iam.AspNetCore;
using GroundStation.Iam.Client;
using GroundStation.Iam.Policy;
using GroundStation.Orbits;
using GroundStation.Telemetry.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GroundStation.Commanding.Api;

/// <summary>The commanding routes of docs/API.md.</summary>
public static class CommandingApi
{
    /// <summary>
    /// Maps the command dictionary, send, approve, cancel, list, get, and queue hold/release routes. <c>POST /commands</c>
    /// asks IAM itself (the satellite is in the body): <c>command:send</c>, or <c>command:send-critical</c> for a critical
    /// command, on <c>tenant/{tenant}/satellite/{norad}</c>; the others use <c>RequireIam</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapCommandingApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api/v1").WithTags("Commanding");
        api.MapGet("/satellites/{norad}/command-dictionary", CommandDictionary).RequireIam(IamActions.PassRead, "tenant/{tenant}/satellite/{norad}");
        api.MapPost("/commands", SendAsync);
        api.MapPost("/commands/{commandId}/approve", ApproveAsync).RequireIam(IamActions.CommandApprove, "tenant/{tenant}/satellite/*");
        api.MapPost("/commands/{commandId}/cancel", CancelAsync).RequireIam(IamActions.CommandSend, "tenant/{tenant}/satellite/*");
        api.MapGet("/commands", List).RequireIam(IamActions.PassRead, "tenant/{tenant}/satellite/*");
        api.MapGet("/commands/{commandId}", Get).RequireIam(IamActions.PassRead, "tenant/{tenant}/satellite/*");
        api.MapPost("/satellites/{norad}/command-queue/hold", (HttpContext http, CommandService commands, ICommandTargetDirectory targets, string norad) =>
            HoldAsync(http, commands, targets, norad, held: true)).RequireIam(IamActions.CommandSend, "tenant/{tenant}/satellite/{norad}");
        api.MapPost("/satellites/{norad}/command-queue/release", (HttpContext http, CommandService commands, ICommandTargetDirectory targets, string norad) =>
            HoldAsync(http, commands, targets, norad, held: false)).RequireIam(IamActions.CommandSend, "tenant/{tenant}/satellite/{norad}");
        return endpoints;
    }

    private static IResult CommandDictionary(HttpContext http, CommandService commands, ICommandTargetDirectory targets, string norad)
    {
        if (OwnTarget(http, targets, norad) is not { } target)
        {
            return Results.NotFound();
        }

        var dictionary = commands.DictionaryOf(target.Norad);
        return dictionary is null
            ? Results.NotFound()
            : Results.Ok((IReadOnlyList<CommandDefinitionView>)dictionary.Commands.Select(c => new CommandDefinitionView(c.Name, c.Opcode, c.Argument, c.Critical)).ToArray());
    }

    private static async Task<IResult> SendAsync(HttpContext http, IKeyVerifier verifier, CommandService commands, ICommandTargetDirectory targets,
        SendCommandRequest? body)
    {
        var key = IamRequest.PresentedKey(http);
        if (string.IsNullOrEmpty(key))
        {
            return Results.Unauthorized();
        }

        var who = await verifier.VerifyAsync(key, null, null, http.RequestAborted);
        if (!who.Valid || who.Tenant is null || who.Principal is null)
        {
            return Results.Unauthorized();
        }

        if (body is null)
        {
            return ApiArguments.Invalid("body", "a JSON object {norad, command, argumentHex?, expiresInSeconds?} is required.");
        }

        if (body.Norad is not { } noradValue || noradValue is < 1 or > NoradId.MaxValue)
        {
            return ApiArguments.Invalid("norad", $"required: a NORAD id from 1 to {NoradId.MaxValue}.");
        }

        if (string.IsNullOrWhiteSpace(body.Command))
        {
            return ApiArguments.Invalid("command", "required: a command name from the satellite's dictionary.");
        }

        byte[] argument;
        try
        {
            argument = string.IsNullOrEmpty(body.ArgumentHex) ? [] : Convert.FromHexString(body.ArgumentHex);
        }
        catch (FormatException)
        {
            return ApiArguments.Invalid("argumentHex", $"'{body.ArgumentHex}' is not an even number of hex digits.");
        }

        var norad = new NoradId(noradValue);
        var target = targets.Find(norad);
        var definition = target is null ? null : commands.DictionaryOf(norad)?.Find(body.Command);
        var action = definition?.Critical == true ? IamActions.CommandSendCritical : IamActions.CommandSend;
        var check = await IamRequest.CheckAsync(http, verifier, action, $"tenant/{who.Tenant}/satellite/{norad}");
        if (!check.Allowed)
        {
            return check.Refusal;
        }

        if (target is null || !string.Equals(target.Tenant, who.Tenant, StringComparison.Ordinal))
        {
            return Results.NotFound();
        }

        var outcome = await commands.SubmitAsync(new CommandRequest(norad, body.Command, argument,
            body.ExpiresInSeconds is { } seconds ? TimeSpan.FromSeconds(Math.Clamp(seconds, -1, int.MaxValue)) : null,
            who.Principal, who.KeyId ?? "unknown", check.Answer!.Obligations.Contains(Obligations.TwoPersonApproval)), http.RequestAborted);
        return outcome.Kind == CommandOutcomeKind.Ok
            ? Results.Json(CommandView.Of(outcome.Command!, commands.History(outcome.Command!.CommandId)), CommandingJsonContext.Default.CommandView,
                statusCode: StatusCodes.Status202Accepted)
            : ToResult(outcome, commands);
    }

    private static async Task<IResult> ApproveAsync(HttpContext http, CommandService commands, string commandId) =>
        ToResult(await commands.ApproveAsync(commandId, IamRequest.Tenant(http.User) ?? "", IamRequest.Principal(http.User) ?? "", http.RequestAborted), commands);

    private static async Task<IResult> CancelAsync(HttpContext http, CommandService commands, string commandId, CancelCommandRequest? body)
    {
        var reason = string.IsNullOrWhiteSpace(body?.Reason) ? "no reason given" : body.Reason.Trim();
        return ToResult(await commands.CancelAsync(commandId, IamRequest.Tenant(http.User) ?? "", IamRequest.Principal(http.User) ?? "", reason,
            http.RequestAborted), commands);
    }

    private static IResult List(HttpContext http, CommandService commands, string? norad, string? stage, string? limit)
    {
        if (!ApiArguments.TryNorad(norad, "norad", out var id, out var error) || !ApiArguments.TryLimit(limit, out var count, out error))
        {
            return error!;
        }

        CommandState? state = null;
        if (stage is not null)
        {
            if (!Enum.TryParse<CommandState>(stage, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return ApiArguments.Invalid("stage", $"'{stage}' is not one of {string.Join(", ", Enum.GetNames<CommandState>())}.");
            }

            state = parsed;
        }

        return Results.Ok((IReadOnlyList<CommandView>)commands.List(IamRequest.Tenant(http.User) ?? "", id, state, count).Select(r => CommandView.Of(r)).ToArray());
    }

    private static IResult Get(HttpContext http, CommandService commands, string commandId) =>
        commands.Find(commandId, IamRequest.Tenant(http.User) ?? "") is { } record
            ? Results.Ok(CommandView.Of(record, commands.History(commandId)))
            : Results.NotFound();

    private static async Task<IResult> HoldAsync(HttpContext http, CommandService commands, ICommandTargetDirectory targets, string norad, bool held)
    {
        if (OwnTarget(http, targets, norad) is not { } target)
        {
            return Results.NotFound();
        }

        await commands.SetHeldAsync(target.Norad, held, IamRequest.Principal(http.User) ?? "unknown", http.RequestAborted);
        return Results.Ok(new CommandQueueView(target.Norad.Value, commands.IsHeld(target.Norad)));
    }

    private static CommandTarget? OwnTarget(HttpContext http, ICommandTargetDirectory targets, string norad)
    {
        if (!ApiArguments.TryNorad(norad, "norad", out var id, out _) || id is null)
        {
            return null;
        }

        var target = targets.Find(id.Value);
        return target is not null && string.Equals(target.Tenant, IamRequest.Tenant(http.User), StringComparison.Ordinal) ? target : null;
    }

    private static IResult ToResult(CommandOutcome outcome, CommandService commands) => outcome.Kind switch
    {
        CommandOutcomeKind.Ok => Results.Ok(CommandView.Of(outcome.Command!, commands.History(outcome.Command!.CommandId))),
        CommandOutcomeKind.NotFound => Results.NotFound(),
        CommandOutcomeKind.Invalid => ApiArguments.Invalid(outcome.Field ?? "body", outcome.Message ?? "invalid."),
        _ => Results.Problem(title: "Conflict with the command's state", detail: outcome.Message, statusCode: StatusCodes.Status409Conflict),
    };
}
