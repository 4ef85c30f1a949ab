using GroundStation.Edge.Configuration;
using GroundStation.Edge.Spool;
using GroundStation.Messaging.Contracts;

namespace GroundStation.Edge.Tests;

public sealed class ConfigurationTests : IDisposable
{
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly CoreSigningKey _key = CoreSigningKey.Generate();
    private readonly ConfigDirectory _directory;

    public ConfigurationTests() => _directory = new ConfigDirectory(_key);

    public void Dispose()
    {
        _directory.Dispose();
        _key.Dispose();
    }

    [Fact]
    public void A_valid_file_loads_with_defaults_and_resolved_paths()
    {
        var config = ConfigurationLoader.Load(_directory.WriteValid(brokerPort: 1884), NoEnvironment);

        Assert.Equal(Iss.Station, config.Station.Id);
        Assert.Equal("N0CALL", config.Station.Callsign);
        Assert.Equal(1884, config.Broker.Port);
        Assert.Equal("gs-test", config.Broker.UserName);
        Assert.Equal(450, config.Rotator.Limits.MaxAzimuth.Degrees);
        Assert.True(config.Rotator.FlipCapable);
        Assert.Equal(_directory.CoreKeyPath, config.CorePublicKeyFile);
        Assert.Equal(_directory.DataDirectory, config.DataDirectory);
        Assert.True(Directory.Exists(config.DataDirectory));
        Assert.Null(config.Radio);
        Assert.Equal(SpoolFullPolicy.RejectNewest, config.Spool.Policy);
        Assert.Equal(TimeSpan.FromSeconds(1), config.Tracking.Period);
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.Health.ClockSkewThreshold);
    }

    [Fact]
    public void Environment_variables_override_the_file()
    {
        var environment = new Dictionary<string, string>
        {
            ["GS_EDGE_BROKER__PORT"] = "2883",
            ["GS_EDGE_STATION__ID"] = "gs-other",
            ["GS_EDGE_TRACKING__PREPASSHOOK"] = "[\"/bin/true\", \"--x\"]",
            ["GS_EDGE_SPOOL__POLICY"] = "DropOldest",
        };

        var config = ConfigurationLoader.Load(_directory.WriteValid(), environment);

        Assert.Equal(2883, config.Broker.Port);
        Assert.Equal("gs-other", config.Station.Id.Value);
        Assert.Equal(["/bin/true", "--x"], config.Tracking.PrePassHook);
        Assert.Equal(SpoolFullPolicy.DropOldest, config.Spool.Policy);
    }

    [Fact]
    public void Every_bad_setting_is_named_with_its_path_and_why()
    {
        var path = _directory.Write("""
            {
              "station": { "id": "bad/id", "callsign": "N0CALL", "latitude": 95, "longitude": 10 },
              "rotator": { "host": "127.0.0.1", "azimuthMinDeg": 0, "azimuthMaxDeg": 300, "elevationMaxDeg": "high" },
              "tnc": { "host": "127.0.0.1", "port": 70000 },
              "broker": { "host": "127.0.0.1" },
              "coreKeyFile": "missing.pem",
              "dataDirectory": "data",
              "spool": { "policy": "KeepAll" },
              "trackng": { "periodSeconds": 1 }
            }
            """);
        var environment = new Dictionary<string, string> { ["GS_EDGE_HEALTH__HEARTBEATSECONDS"] = "-3", ["GS_EDGE_NOPE"] = "1" };

        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(path, environment));

        Assert.Contains(error.Errors, e => e.StartsWith("station.id: 'bad/id' is not a station id", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("station.latitude: 95 is not between -90 and 90", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("rotator.azimuthMaxDeg: the azimuth range 0..300 covers less than 360", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("rotator.elevationMaxDeg: must be a number, not the string 'high'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("tnc.port: 70000 is not between 1 and 65535", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("coreKeyFile: file '", StringComparison.Ordinal) && e.EndsWith("missing.pem' does not exist", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("spool.policy: 'KeepAll' is not RejectNewest or DropOldest", StringComparison.Ordinal));
        Assert.Contains("trackng: no such setting (configuration file)", error.Errors);
        Assert.Contains("health.heartbeatSeconds: -3 is not between 1 and 3600 (from GS_EDGE_HEALTH__HEARTBEATSECONDS)", error.Errors);
        Assert.Contains("GS_EDGE_NOPE: no such setting (environment)", error.Errors);
    }

    [Fact]
    public void Missing_required_settings_are_named()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(_directory.Write("{}"), NoEnvironment));

        foreach (var path in new[] { "station.id", "station.callsign", "station.latitude", "station.longitude", "rotator.host", "tnc.host", "broker.host", "coreKeyFile", "dataDirectory", "spool.policy" })
        {
            Assert.Contains($"{path}: is required", error.Errors);
        }
    }

    [Fact]
    public void A_file_that_is_not_json_is_named()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(_directory.Write("{ station: "), NoEnvironment));

        Assert.Contains("not valid JSON", error.Errors.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Simulated_clock_options_build_an_anchored_clock_and_bad_ones_are_named()
    {
        var clock = ClockOptions.Create(60, "2014-01-23T06:00:00Z", "2026-01-01T00:00:00Z", TimeProvider.System);
        Assert.IsType<GroundStation.Time.ScaledTimeProvider>(clock);
        Assert.Same(TimeProvider.System, ClockOptions.Create(null, null, null, TimeProvider.System));

        var error = Assert.Throws<ConfigurationException>(() => ClockOptions.Create(-1, "yesterday", null, TimeProvider.System));
        Assert.Contains("--speed: -1 is not above 0 and at most 100000", error.Errors);
        Assert.Contains(error.Errors, e => e.StartsWith("--start: 'yesterday' is not an ISO-8601 instant", StringComparison.Ordinal));
    }
}
