using GroundStation.Orbits;
using GroundStation.Registry;
using GroundStation.Testing;
using Microsoft.Data.Sqlite;

namespace GroundStation.Scheduling.Tests;

/// <summary>A registry file written before satellites had their own decoder and dictionary.</summary>
public sealed class RegistryUpgradeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gs-registry-upgrade-").FullName;

    private string DatabasePath => Path.Combine(_directory, "registry.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void An_older_registry_opens_with_its_satellites_on_the_defaults_and_then_keeps_the_profiles_it_is_given()
    {
        using (var old = new SqliteConnection($"Data Source={DatabasePath}"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE satellites (
                    norad INTEGER PRIMARY KEY, name TEXT NOT NULL, tenant TEXT NOT NULL, priority INTEGER NOT NULL,
                    downlink_hz INTEGER NOT NULL, uplink_hz INTEGER, mode TEXT NOT NULL, callsign TEXT NOT NULL,
                    min_contact_s INTEGER NOT NULL);
                INSERT INTO satellites VALUES (41001, 'OLD-1', 't1', 5, 437000000, NULL, 'FM', 'S41001', 0);
                """;
            create.ExecuteNonQuery();
        }

        var norad = new NoradId(41001);
        using (var registry = new SqliteRegistry(DatabasePath, new ManualTimeProvider(TestOrbits.Epoch)))
        {
            var upgraded = registry.FindSatellite(norad)!;
            Assert.Equal(("OLD-1", (string?)null, (string?)null), (upgraded.Name, upgraded.TelemetryDecoder, upgraded.CommandDictionary));
            registry.UpsertSatellite(TestOrbits.Satellite(41001, priority: 5) with { TelemetryDecoder = " beacon-v1 ", CommandDictionary = "" });
            Assert.Throws<RegistryValidationException>(() => registry.UpsertSatellite(TestOrbits.Satellite(41001, priority: 5) with { TelemetryDecoder = "two words" }));
        }

        using var reopened = new SqliteRegistry(DatabasePath, new ManualTimeProvider(TestOrbits.Epoch));
        var kept = reopened.FindSatellite(norad)!;
        Assert.Equal(("beacon-v1", (string?)null), (kept.TelemetryDecoder, kept.CommandDictionary));
    }
}
