using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GroundStation.Edge.Spool;
using GroundStation.Hardware.Hamlib;
using GroundStation.Hardware.Rotators;
using GroundStation.Messaging.Contracts;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Passes;
using OrbitAzimuth = GroundStation.Orbits.Geometry.Azimuth;
using OrbitElevation = GroundStation.Orbits.Geometry.Elevation;

namespace GroundStation.Edge.Configuration;

/// <summary>The configuration could not be used; <see cref="Errors"/> names every bad setting.</summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConfigurationException()
    {
        Errors = [];
    }

    /// <summary>Creates the exception with one message.</summary>
    public ConfigurationException(string message)
        : base(message)
    {
        Errors = [message];
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    /// <summary>Creates the exception listing every problem.</summary>
    public ConfigurationException(IReadOnlyList<string> errors)
        : base("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
    {
        Errors = errors;
    }

    /// <summary>Each problem, naming its setting and why.</summary>
    public IReadOnlyList<string> Errors { get; }
}

/// <summary>
/// Loads <see cref="EdgeConfiguration"/> from a JSON file plus <c>GS_EDGE_</c> environment overrides and validates
/// everything at once: a bad start names every bad setting (path, value and why), not only the first.
/// </summary>
public static class ConfigurationLoader
{
    /// <summary>Loads and validates.</summary>
    /// <param name="path">The JSON configuration file.</param>
    /// <param name="environment">Environment variables (only <c>GS_EDGE_*</c> are used).</param>
    /// <exception cref="ConfigurationException">The file is unreadable or a setting is invalid.</exception>
    public static EdgeConfiguration Load(string path, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        JsonObject root;
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
            root = node as JsonObject ?? throw new ConfigurationException($"{path}: the configuration must be a JSON object.");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"--config: cannot read '{path}': {error.Message}", error);
        }
        catch (JsonException error)
        {
            throw new ConfigurationException($"{path}: not valid JSON: {error.Message}", error);
        }

        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Environment.CurrentDirectory;
        return Read(new SettingsReader(root, environment), baseDirectory);
    }

    /// <summary>The current process environment as a dictionary.</summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment()
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                result[key] = value;
            }
        }

        return result;
    }

    private static EdgeConfiguration Read(SettingsReader r, string baseDirectory)
    {
        var station = ReadStation(r);
        var rotator = ReadRotator(r);
        var radio = r.HasSection("radio") ? ReadRadio(r, "radio") : null;
        var uplinkRadio = r.HasSection("uplinkRadio") ? ReadRadio(r, "uplinkRadio") : null;
        var tnc = ReadTnc(r);
        var broker = ReadBroker(r, station?.Id, baseDirectory);
        var coreKey = ExistingFile(r, "coreKeyFile", baseDirectory, required: true);
        var dataDirectory = DataDirectory(r, baseDirectory);
        var tracking = ReadTracking(r);
        var health = ReadHealth(r);
        var spool = ReadSpool(r);
        r.ReportUnknown();
        if (r.Errors.Count > 0)
        {
            throw new ConfigurationException(r.Errors);
        }

        return new EdgeConfiguration(station!, rotator!, radio, uplinkRadio, tnc!, broker!, coreKey!, dataDirectory!, tracking!, health!, spool!);
    }

    private static StationSettings? ReadStation(SettingsReader r)
    {
        var idText = r.String("station.id", required: true);
        StationId? id = null;
        if (idText is not null)
        {
            if (StationId.TryParse(idText, out var parsed))
            {
                id = parsed;
            }
            else
            {
                r.Error("station.id", $"'{idText}' is not a station id (1-64 of A-Z a-z 0-9 - _)");
            }
        }

        var callsign = r.String("station.callsign", required: true);
        if (callsign is not null && !IsCallsign(callsign))
        {
            r.Error("station.callsign", $"'{callsign}' is not a callsign (1-6 letters/digits, optional -SSID 0-15)");
            callsign = null;
        }

        var latitude = r.Number("station.latitude", -90, 90, required: true);
        var longitude = r.Number("station.longitude", -180, 180, required: true);
        var altitude = r.Number("station.altitudeM", -500, 10_000, fallback: 0);
        var minimumElevation = r.Number("station.minimumElevationDeg", -5, 90, fallback: 0);
        var mask = ReadHorizonMask(r);
        if (id is null || callsign is null || latitude is null || longitude is null || altitude is null || minimumElevation is null)
        {
            return null;
        }

        var site = new GroundStationSite(
            new GeodeticPosition(new Latitude(latitude.Value), new Longitude(longitude.Value), altitude.Value),
            new OrbitElevation(minimumElevation.Value), mask);
        return new StationSettings(id.Value, callsign.ToUpperInvariant(), site);
    }

    private static HorizonMask? ReadHorizonMask(SettingsReader r)
    {
        const string path = "station.horizonMask";
        var array = r.Array(path);
        if (array is null)
        {
            return null;
        }

        var points = new List<HorizonPoint>();
        var ok = true;
        for (var i = 0; i < array.Count; i++)
        {
            var item = array[i] as JsonObject;
            var az = item?["azimuthDeg"] is JsonValue a && a.TryGetValue<double>(out var azValue) ? azValue : double.NaN;
            var el = item?["elevationDeg"] is JsonValue e && e.TryGetValue<double>(out var elValue) ? elValue : double.NaN;
            if (!(az is >= 0 and < 360) || !(el is >= 0 and <= 90))
            {
                r.Error($"{path}[{i}]", "needs azimuthDeg in [0, 360) and elevationDeg in [0, 90]");
                ok = false;
                continue;
            }

            points.Add(new HorizonPoint(new OrbitAzimuth(az), new OrbitElevation(el)));
        }

        if (!ok)
        {
            return null;
        }

        try
        {
            return new HorizonMask(points);
        }
        catch (ArgumentException error)
        {
            r.Error(path, error.Message);
            return null;
        }
    }

    private static RotatorSettings? ReadRotator(SettingsReader r)
    {
        var endpoint = Endpoint(r, "rotator", HamlibEndpoint.DefaultRotctldPort);
        var azMin = r.Number("rotator.azimuthMinDeg", -360, 360, fallback: 0);
        var azMax = r.Number("rotator.azimuthMaxDeg", 0, 720, fallback: 360);
        var elMin = r.Number("rotator.elevationMinDeg", -10, 90, fallback: 0);
        var elMax = r.Number("rotator.elevationMaxDeg", 0, 180, fallback: 90);
        var azRate = r.Number("rotator.azimuthRateDegPerSec", 0.01, 360, fallback: 6);
        var elRate = r.Number("rotator.elevationRateDegPerSec", 0.01, 360, fallback: 3);
        var parkAz = r.Number("rotator.parkAzimuthDeg", -360, 720);
        var parkEl = r.Number("rotator.parkElevationDeg", -10, 180);
        var flipAbove = r.Number("rotator.flipAboveDeg", 0, 90, fallback: 75);
        if (azMin is not null && azMax is not null && azMax - azMin < 360)
        {
            r.Error("rotator.azimuthMaxDeg", string.Create(CultureInfo.InvariantCulture,
                $"the azimuth range {azMin}..{azMax} covers less than 360 degrees; a station must reach every azimuth"));
            azMax = null;
        }

        if (elMin is not null && elMax is not null && elMax < 90 && elMax <= elMin)
        {
            r.Error("rotator.elevationMaxDeg", "must be above rotator.elevationMinDeg");
            elMax = null;
        }

        if ((parkAz is null) != (parkEl is null))
        {
            r.Error(parkAz is null ? "rotator.parkAzimuthDeg" : "rotator.parkElevationDeg",
                "park needs both rotator.parkAzimuthDeg and rotator.parkElevationDeg (or neither, for the daemon's park)");
        }

        if (endpoint is null || azMin is null || azMax is null || elMin is null || elMax is null || azRate is null || elRate is null || flipAbove is null)
        {
            return null;
        }

        var limits = RotatorLimits.FromDegrees(azMin.Value, azMax.Value, elMin.Value, elMax.Value);
        RotatorPosition? park = null;
        if (parkAz is not null && parkEl is not null)
        {
            park = RotatorPosition.FromDegrees(parkAz.Value, parkEl.Value);
            if (!limits.Contains(park.Value))
            {
                r.Error("rotator.parkAzimuthDeg", $"the park position {park} lies outside the rotator limits {limits}");
                return null;
            }
        }

        return new RotatorSettings(endpoint, limits, azRate.Value, elRate.Value, park, flipAbove.Value);
    }

    private static RadioSettings? ReadRadio(SettingsReader r, string section)
    {
        var endpoint = Endpoint(r, section, HamlibEndpoint.DefaultRigctldPort);
        var vfo = r.String($"{section}.vfo");
        return endpoint is null ? null : new RadioSettings(endpoint, vfo);
    }

    private static TncSettings? ReadTnc(SettingsReader r)
    {
        var host = r.String("tnc.host", required: true);
        var port = r.Integer("tnc.port", 1, 65535, fallback: 8001);
        var kissPort = r.Integer("tnc.kissPort", 0, 15, fallback: 0);
        return host is null || port is null || kissPort is null ? null : new TncSettings(host, (int)port.Value, (byte)kissPort.Value);
    }

    private static BrokerSettings? ReadBroker(SettingsReader r, StationId? station, string baseDirectory)
    {
        var host = r.String("broker.host", required: true);
        var tls = r.Boolean("broker.tls", false);
        var port = r.Integer("broker.port", 1, 65535, fallback: tls ? 8883 : 1883);
        var userName = r.String("broker.userName") ?? station?.Value;
        var apiKeyFile = ExistingFile(r, "broker.apiKeyFile", baseDirectory, required: false);
        var caFile = ExistingFile(r, "broker.tlsCaFile", baseDirectory, required: false);
        var serverName = r.String("broker.tlsServerName");
        if (!tls && (caFile is not null || serverName is not null))
        {
            r.Error("broker.tls", "TLS settings are given but broker.tls is false");
        }

        return host is null || port is null || userName is null
            ? null
            : new BrokerSettings(host, (int)port.Value, userName, apiKeyFile, tls, caFile, serverName);
    }

    private static TrackingSettings? ReadTracking(SettingsReader r)
    {
        var period = r.Number("tracking.periodSeconds", 0.05, 60, fallback: 1);
        var threshold = r.Number("tracking.pointingThresholdDeg", 0.01, 45, fallback: 1);
        var doppler = r.Number("tracking.dopplerPeriodSeconds", 0.05, 60, fallback: 1);
        var margin = r.Number("tracking.prePassMarginSeconds", 0, 3600, fallback: 15);
        var pre = r.StringList("tracking.prePassHook");
        var post = r.StringList("tracking.postPassHook");
        var hookTimeout = r.Number("tracking.hookTimeoutSeconds", 1, 3600, fallback: 30);
        return period is null || threshold is null || doppler is null || margin is null || hookTimeout is null
            ? null
            : new TrackingSettings(TimeSpan.FromSeconds(period.Value), threshold.Value, TimeSpan.FromSeconds(doppler.Value),
                TimeSpan.FromSeconds(margin.Value), pre, post, TimeSpan.FromSeconds(hookTimeout.Value));
    }

    private static HealthSettings? ReadHealth(SettingsReader r)
    {
        var heartbeat = r.Number("health.heartbeatSeconds", 1, 3600, fallback: 30);
        var ntp = r.String("health.ntpServer");
        if (ntp is not null && !TrySplitHostPort(ntp, 123, out _, out _))
        {
            r.Error("health.ntpServer", $"'{ntp}' is not host or host:port");
        }

        var skew = r.Number("health.clockSkewThresholdMs", 1, 3_600_000, fallback: 500);
        return heartbeat is null || skew is null
            ? null
            : new HealthSettings(TimeSpan.FromSeconds(heartbeat.Value), ntp, TimeSpan.FromMilliseconds(skew.Value));
    }

    private static SpoolSettings? ReadSpool(SettingsReader r)
    {
        var bytes = r.Integer("spool.maximumBytes", 1024, long.MaxValue / 2, fallback: 256L << 20);
        // No default policy: whether a full disk sacrifices the oldest or the newest frames is the operator's choice.
        var policyText = r.String("spool.policy", required: true);
        SpoolFullPolicy? policy = null;
        if (policyText is not null)
        {
            if (Enum.TryParse<SpoolFullPolicy>(policyText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                policy = parsed;
            }
            else
            {
                r.Error("spool.policy", $"'{policyText}' is not RejectNewest or DropOldest");
            }
        }

        var rate = r.Number("spool.forwardRatePerSecond", 0.1, 100_000, fallback: 50);
        return bytes is null || policy is null || rate is null
            ? null
            : new SpoolSettings(bytes.Value, policy.Value, rate.Value);
    }

    private static HamlibEndpoint? Endpoint(SettingsReader r, string section, int defaultPort)
    {
        var host = r.String($"{section}.host", required: true);
        var port = r.Integer($"{section}.port", 1, 65535, fallback: defaultPort);
        return host is null || port is null ? null : new HamlibEndpoint(host, (int)port.Value);
    }

    private static string? ExistingFile(SettingsReader r, string path, string baseDirectory, bool required)
    {
        var value = r.String(path, required);
        if (value is null)
        {
            return null;
        }

        var full = Path.GetFullPath(value, baseDirectory);
        if (!File.Exists(full))
        {
            r.Error(path, $"file '{full}' does not exist");
            return null;
        }

        return full;
    }

    private static string? DataDirectory(SettingsReader r, string baseDirectory)
    {
        var value = r.String("dataDirectory", required: true);
        if (value is null)
        {
            return null;
        }

        var full = Path.GetFullPath(value, baseDirectory);
        try
        {
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, ".gs-edge-write-probe");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
            return full;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            r.Error("dataDirectory", $"'{full}' is not a writable directory: {error.Message}");
            return null;
        }
    }

    /// <summary>Splits <c>host</c> or <c>host:port</c>.</summary>
    internal static bool TrySplitHostPort(string text, int defaultPort, out string host, out int port)
    {
        host = text;
        port = defaultPort;
        var colon = text.LastIndexOf(':');
        if (colon > 0 && !text.Contains(']', StringComparison.Ordinal) && text.IndexOf(':', StringComparison.Ordinal) == colon)
        {
            host = text[..colon];
            if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
            {
                return false;
            }
        }

        return host.Length > 0;
    }

    private static bool IsCallsign(string text)
    {
        var parts = text.Split('-');
        if (parts.Length > 2 || parts[0].Length is < 1 or > 6 || !parts[0].All(char.IsAsciiLetterOrDigit))
        {
            return false;
        }

        return parts.Length == 1 || (int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ssid) && ssid is >= 0 and <= 15);
    }
}
