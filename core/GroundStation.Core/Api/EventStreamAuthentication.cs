using System.Text.Encodings.Web;
using GroundStation.Iam.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GroundStation.Core.Api;

/// <summary>
/// The browser's <c>EventSource</c> cannot set headers, so the core's server-sent-event routes (and only those) accept
/// the API key as <c>?access_token=</c>: this step moves it into the <c>Authorization</c> header before IAM
/// authentication runs, and removes it from the query so nothing downstream logs it.
/// </summary>
public static class EventStreamAuthentication
{
    /// <summary>The query parameter carrying the key.</summary>
    public const string QueryParameter = "access_token";

    /// <summary>The routes that accept it.</summary>
    public static IReadOnlySet<string> StreamPaths { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ContactsApi.EventsPath, "/api/v1/telemetry/live",
    };

    /// <summary>
    /// Adds the step, then authentication and authorisation. Call it before mapping endpoints, with
    /// <see cref="CoreAuthentication.AddCoreAuthentication"/> registered, so only routes that require IAM authenticate.
    /// </summary>
    public static IApplicationBuilder UseGroundStationAuthentication(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(static (context, next) =>
        {
            MoveAccessToken(context.Request);
            return next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    internal static void MoveAccessToken(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) || !StreamPaths.Contains(request.Path.Value ?? string.Empty) ||
            !request.Query.TryGetValue(QueryParameter, out var tokens))
        {
            return;
        }

        // One key in one place only: a request with a header as well, or with several tokens, is left to fail as malformed.
        if (tokens.Count == 1 && request.Headers.Authorization.Count == 0 && !string.IsNullOrEmpty(tokens[0]))
        {
            request.Headers.Authorization = "Bearer " + tokens[0];
        }

        var rest = request.Query.Where(pair => !string.Equals(pair.Key, QueryParameter, StringComparison.Ordinal))
            .ToDictionary(pair => pair.Key, pair => pair.Value);
        request.QueryString = QueryString.Create(rest);
    }
}

/// <summary>The core's API authentication: IAM API keys, used only by routes that require IAM.</summary>
public static class CoreAuthentication
{
    /// <summary>The default scheme: authenticates nobody, so only routes whose policy names the IAM scheme ask IAM.</summary>
    public const string NoScheme = "GroundStationNone";

    /// <summary>
    /// Registers IAM authentication and authorisation with a do-nothing default scheme. ASP.NET Core would otherwise make
    /// the only registered scheme the default and authenticate every request, including the in-process IAM routes
    /// the core's own verifier calls, which would then verify themselves again without end.
    /// </summary>
    public static IServiceCollection AddCoreAuthentication(this IServiceCollection services)
    {
        services.AddGroundStationIamAuthentication();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, NoAuthenticationHandler>(NoScheme, null);
        services.PostConfigure<AuthenticationOptions>(options => options.DefaultScheme = NoScheme);
        return services;
    }

    private sealed class NoAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
    }
}
