using System.Security.Claims;
using GroundStation.Iam.AspNetCore;
using GroundStation.Iam.Client;
using GroundStation.Iam.Service;
using Microsoft.AspNetCore.Http;

namespace GroundStation.Telemetry.Api;

/// <summary>The outcome of asking IAM about a request whose resource is not in its route.</summary>
/// <param name="Status">200 allowed, 401 no or bad key, 403 refused (IAM audited it).</param>
/// <param name="Answer">IAM's answer, when a key was presented.</param>
public sealed record IamCheck(int Status, VerifyResponse? Answer)
{
    /// <summary>True when allowed.</summary>
    public bool Allowed => Status == StatusCodes.Status200OK;

    /// <summary>The result to return when not allowed.</summary>
    public IResult Refusal => Status == StatusCodes.Status401Unauthorized ? Results.Unauthorized() : Results.StatusCode(Status);
}

/// <summary>
/// Asks IAM about a request whose resource depends on the query or body (a norad that is not a route value), which
/// <c>RequireIam</c> cannot fill in. The key comes from the <c>Authorization: Bearer</c> header or, for server-sent
/// event streams (EventSource cannot set headers), the <c>access_token</c> query parameter.
/// </summary>
public static class IamRequest
{
    /// <summary>The caller's presented key, or null.</summary>
    public static string? PresentedKey(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var headers = http.Request.Headers.Authorization;
        if (headers.Count == 1 && headers[0] is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return value[7..].Trim();
        }

        return headers.Count == 0 && http.Request.Query.TryGetValue("access_token", out var token) && token.Count == 1 ? token[0] : null;
    }

    /// <summary>Asks IAM whether the caller may do <paramref name="action"/> on <paramref name="resource"/>.</summary>
    public static async Task<IamCheck> CheckAsync(HttpContext http, IKeyVerifier verifier, string action, string resource)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        var key = PresentedKey(http);
        if (string.IsNullOrEmpty(key))
        {
            return new IamCheck(StatusCodes.Status401Unauthorized, null);
        }

        var answer = await verifier.VerifyAsync(key, action, resource, http.RequestAborted).ConfigureAwait(false);
        if (!answer.Valid || answer.Tenant is null || answer.Principal is null)
        {
            return new IamCheck(StatusCodes.Status401Unauthorized, answer);
        }

        return new IamCheck(answer.Allowed ? StatusCodes.Status200OK : StatusCodes.Status403Forbidden, answer);
    }

    /// <summary>The caller's tenant ("{tenant}" of the resource templates), from the authenticated user.</summary>
    public static string? Tenant(ClaimsPrincipal user) => user?.FindFirst(IamClaims.Tenant)?.Value;

    /// <summary>The caller's principal id.</summary>
    public static string? Principal(ClaimsPrincipal user) => user?.FindFirst(ClaimTypes.NameIdentifier)?.Value;
}
