using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace GroundStation.WebConsole;

/// <summary>Serves the operator console: a static single-page application over the core's HTTP API.</summary>
public static class ConsoleEndpoints
{
    /// <summary>
    /// Maps the console at <c>/</c> (and its assets under <c>/console/</c>) plus <c>GET /api/v1/clock</c>, the core's
    /// current time: under simulated time the browser's own clock is meaningless, so the console follows the core's.
    /// The pages carry no data and need no key; every API call they make presents the operator's key.
    /// </summary>
    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var assets = ConsoleAssets.Load(typeof(ConsoleEndpoints).Assembly);
        endpoints.MapGet("/", (HttpContext context) => assets.Serve(context, "index.html")).ExcludeFromDescription();
        endpoints.MapGet("/console/{file}", (HttpContext context, string file) => assets.Serve(context, file)).ExcludeFromDescription();
        endpoints.MapGet("/api/v1/clock", (HttpContext context) =>
            TypedResults.Ok(new ClockView((context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow())))
            .WithName("GetClock")
            .WithSummary("The core's current time (simulated in the demo), which the console uses as 'now'.");
        return endpoints;
    }
}

/// <summary>The core's current time.</summary>
/// <param name="Now">The instant by the core's clock.</param>
public sealed record ClockView(DateTimeOffset Now);

/// <summary>The console's files, read once from the assembly's resources.</summary>
internal sealed class ConsoleAssets
{
    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, Asset> _files;

    private ConsoleAssets(FrozenDictionary<string, Asset> files) => _files = files;

    public static ConsoleAssets Load(Assembly assembly)
    {
        const string prefix = "console/";
        var files = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"Console resource {name} is listed but cannot be opened.");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var file = name[prefix.Length..];
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(file), "application/octet-stream");
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 8)) + "\"";
            files[file] = new Asset(content, type, etag);
        }

        if (!files.ContainsKey("index.html"))
        {
            throw new InvalidOperationException("The console's index.html is not embedded in the assembly.");
        }

        return new ConsoleAssets(files.ToFrozenDictionary(StringComparer.Ordinal));
    }

    public IResult Serve(HttpContext context, string file)
    {
        if (!_files.TryGetValue(file, out var asset))
        {
            return TypedResults.NotFound();
        }

        var headers = context.Response.GetTypedHeaders();
        headers.ETag = new EntityTagHeaderValue(asset.ETag);
        headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        context.Response.Headers["Content-Security-Policy"] =
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'";
        if (context.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }

    private sealed record Asset(byte[] Content, string ContentType, string ETag);
}
