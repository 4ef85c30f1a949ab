using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

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

    /// <summary>Adds the step, then authentication and authorisation (call before mapping endpoints).</summary>
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
