using GroundStation.Iam.Keys;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace GroundStation.Iam.Service;

/// <summary>
/// The front door of every <c>/v1</c> endpoint: refuses keys in the query string, sources over their failure budget,
/// and anything but exactly one well-formed <c>Authorization: Bearer</c> header carrying an active key; then applies
/// the per-key limit. Every refusal of a key has one status and one body, whatever was wrong with it.
/// </summary>
public sealed class IamRequestGate : IEndpointFilter
{
    private const string CallerItem = "GroundStation.Iam.Caller";
    private static readonly string[] QueryNamesRefused = ["key", "api_key", "apikey", "access_token", "token"];

    private readonly IamService _service;
    private readonly WindowedRateLimiter _perKey;
    private readonly WindowedRateLimiter _failuresPerSource;

    /// <summary>Creates the gate.</summary>
    public IamRequestGate(IamService service, IamServiceOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _service = service ?? throw new ArgumentNullException(nameof(service));
        _perKey = new WindowedRateLimiter(options.RequestsPerKey, options.RequestWindow, time);
        _failuresPerSource = new WindowedRateLimiter(options.FailuresPerSource, options.FailureWindow, time);
    }

    /// <summary>The one answer for any missing, malformed, unknown or inactive caller key.</summary>
    public static IResult Unauthorized { get; } = new UnauthorizedResult();

    /// <summary>The authenticated caller of the current request (set by the gate).</summary>
    public static KeyRecord Caller(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items[CallerItem] as KeyRecord ?? throw new InvalidOperationException("The IAM gate did not run for this endpoint.");
    }

    /// <summary>The remote address, as the audit log and the failure limit name it.</summary>
    public static string Source(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    /// <summary>Counts a failed verification against the request's source.</summary>
    public void CountFailure(HttpContext context) => _failuresPerSource.TryAcquire(Source(context));

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (CarriesKey(http.Request.Query))
        {
            return Results.BadRequest(new ErrorResponse("API keys are not accepted in the query string; send Authorization: Bearer"));
        }

        var source = Source(http);
        var blocked = _failuresPerSource.Peek(source);
        if (!blocked.Admitted)
        {
            return TooMany(blocked.RetryAfter);
        }

        var caller = await _service.AuthenticateAsync(BearerToken(http.Request.Headers.Authorization), source, http.RequestAborted);
        if (caller is null)
        {
            _failuresPerSource.TryAcquire(source);
            return Unauthorized;
        }

        var admitted = _perKey.TryAcquire(caller.Id.Value);
        if (!admitted.Admitted)
        {
            return TooMany(admitted.RetryAfter);
        }

        http.Items[CallerItem] = caller;
        return await next(context);
    }

    // Exactly one header, scheme "Bearer" (any case), one space, then the token; anything else is no token at all.
    private static string? BearerToken(StringValues headers)
    {
        if (headers.Count != 1 || headers[0] is not { } value || value.Length < 8 ||
            !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return value[7..];
    }

    private static bool CarriesKey(IQueryCollection query)
    {
        foreach (var (name, values) in query)
        {
            if (QueryNamesRefused.Contains(name, StringComparer.OrdinalIgnoreCase) || name.Contains("gs_", StringComparison.Ordinal))
            {
                return true;
            }

            foreach (var value in values)
            {
                if (value is not null && value.Contains("gs_", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static TooManyRequestsResult TooMany(TimeSpan retryAfter) => new TooManyRequestsResult(retryAfter);

    private sealed class UnauthorizedResult : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status401Unauthorized;
            httpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return httpContext.Response.WriteAsJsonAsync(new ErrorResponse("missing, malformed or invalid API key"));
        }
    }

    private sealed class TooManyRequestsResult(TimeSpan retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return httpContext.Response.WriteAsJsonAsync(new ErrorResponse("too many requests"));
        }
    }
}
