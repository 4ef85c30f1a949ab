using System.Security.Claims;
using System.Text.Encodings.Web;
using GroundStation.Iam.Client;
using GroundStation.Iam.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GroundStation.Iam.AspNetCore;

/// <summary>Claim types the handler sets.</summary>
public static class IamClaims
{
    /// <summary>The principal's tenant.</summary>
    public const string Tenant = "gs:tenant";

    /// <summary>The key's id.</summary>
    public const string KeyId = "gs:key-id";

    /// <summary>The authentication scheme name.</summary>
    public const string Scheme = "GroundStationApiKey";

    internal const string KeyItem = "GroundStation.Iam.PresentedKey";

    /// <summary>HttpContext item holding the obligations of the last allowed decision (a list of strings).</summary>
    public const string ObligationsItem = "GroundStation.Iam.Obligations";
}

/// <summary>
/// Authenticates <c>Authorization: Bearer gs_...</c> against IAM. A missing, duplicated or malformed header fails
/// without asking IAM; the key is kept for the request only, for <see cref="IamAuthorizationHandler"/>.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IKeyVerifier verifier)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers.Authorization;
        if (headers.Count != 1 || headers[0] is not { } value || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ||
            !ApiKey.TryParse(value[7..], out var key))
        {
            return AuthenticateResult.Fail("missing or malformed API key");
        }

        var answer = await verifier.VerifyAsync(key!.Reveal(), null, null, Context.RequestAborted);
        if (!answer.Valid || answer.Principal is null || answer.Tenant is null)
        {
            return AuthenticateResult.Fail("invalid API key");
        }

        Context.Items[IamClaims.KeyItem] = key;
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, answer.Principal),
                new Claim(IamClaims.Tenant, answer.Tenant),
                new Claim(IamClaims.KeyId, answer.KeyId ?? string.Empty),
            ],
            IamClaims.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), IamClaims.Scheme));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}

/// <summary>
/// "The caller may do <paramref name="Action"/> on the resource built from <paramref name="ResourceTemplate"/>", where
/// <c>{name}</c> takes the route value of that name, and <c>{tenant}</c>, absent from the route, the caller's tenant.
/// </summary>
/// <param name="Action">The IAM action.</param>
/// <param name="ResourceTemplate">E.g. <c>tenant/{tenant}/satellite/{norad}</c>.</param>
public sealed record IamRequirement(string Action, string ResourceTemplate) : IAuthorizationRequirement;

/// <summary>Decides <see cref="IamRequirement"/> by asking IAM (through the cache) with the request's key.</summary>
public sealed class IamAuthorizationHandler(IKeyVerifier verifier) : AuthorizationHandler<IamRequirement>
{
    /// <inheritdoc />
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, IamRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        if (context.Resource is not HttpContext http || http.Items[IamClaims.KeyItem] is not ApiKey key)
        {
            return;
        }

        var resource = Fill(requirement.ResourceTemplate, http, context.User.FindFirst(IamClaims.Tenant)?.Value);
        if (resource is null)
        {
            return;
        }

        var answer = await verifier.VerifyAsync(key.Reveal(), requirement.Action, resource, http.RequestAborted);
        if (answer.Allowed)
        {
            http.Items[IamClaims.ObligationsItem] = answer.Obligations;
            context.Succeed(requirement);
        }
    }

    // Null when a placeholder has no value or the value is not a plain identifier: a missing attribute denies.
    private static string? Fill(string template, HttpContext http, string? tenant)
    {
        var segments = template.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Length < 3 || segment[0] != '{' || segment[^1] != '}')
            {
                continue;
            }

            var name = segment[1..^1];
            var value = http.GetRouteValue(name)?.ToString() ?? (name == "tenant" ? tenant : null);
            if (!Identifier.IsValid(value))
            {
                return null;
            }

            segments[i] = value!;
        }

        return string.Join('/', segments);
    }
}

/// <summary>Wiring for the core's API.</summary>
public static class IamAspNetCoreExtensions
{
    /// <summary>Adds the Bearer API-key scheme (as default) and the IAM authorisation handler; the verifier comes from DI.</summary>
    public static IServiceCollection AddGroundStationIamAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(IamClaims.Scheme).AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(IamClaims.Scheme, null);
        services.AddAuthorization();
        services.AddSingleton<IAuthorizationHandler, IamAuthorizationHandler>();
        return services;
    }

    /// <summary>Requires the IAM action on the templated resource for this endpoint.</summary>
    public static TBuilder RequireIam<TBuilder>(this TBuilder builder, string action, string resourceTemplate)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy => policy.AddAuthenticationSchemes(IamClaims.Scheme).RequireAuthenticatedUser().AddRequirements(new IamRequirement(action, resourceTemplate)));
}
