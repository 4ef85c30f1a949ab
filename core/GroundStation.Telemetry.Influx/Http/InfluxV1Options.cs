using GroundStation.Telemetry.Influx.LineProtocol;

namespace GroundStation.Telemetry.Influx.Http;

/// <summary>Where and how <see cref="InfluxV1Client"/> talks to a server speaking the InfluxDB v1 HTTP API.</summary>
public sealed record InfluxV1Options
{
    /// <summary>The server's base address, e.g. http://127.0.0.1:8086/.</summary>
    public required Uri BaseAddress { get; init; }

    /// <summary>The database written to and queried by default (a bucket name on 2.x/3.x through the v1 API).</summary>
    public required string Database { get; init; }

    /// <summary>The retention policy written to; null uses the database's default.</summary>
    public string? RetentionPolicy { get; init; }

    /// <summary>The unit timestamps are written in. Coarser units compress better.</summary>
    public WritePrecision Precision { get; init; } = WritePrecision.Nanoseconds;

    /// <summary>User name for HTTP basic authentication (sent in the header, never in the URL).</summary>
    public string? Username { get; init; }

    /// <summary>Password for HTTP basic authentication.</summary>
    public string? Password { get; init; }

    /// <summary>An API token sent as "Authorization: Token ..." (InfluxDB 2.x/3.x); wins over basic authentication.</summary>
    public string? Token { get; init; }

    /// <summary>Compress write bodies with gzip (Content-Encoding: gzip).</summary>
    public bool Gzip { get; init; }

    /// <summary>How long one request may take before it fails with <see cref="InfluxTimeoutException"/>.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
