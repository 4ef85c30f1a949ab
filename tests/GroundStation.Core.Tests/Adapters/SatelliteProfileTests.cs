using System.Net;
using System.Text;
using System.Text.Json;
using GroundStation.Commanding;
using GroundStation.Commanding.Dictionary;
using GroundStation.Core.Adapters;
using GroundStation.Core.Tests.Serve;
using GroundStation.Orbits;
using GroundStation.Telemetry;
using GroundStation.Telemetry.Decoding;
using Microsoft.Extensions.DependencyInjection;

namespace GroundStation.Core.Tests.Adapters;

/// <summary>Each satellite's own housekeeping decoder and command dictionary, set through the registry API.</summary>
public sealed class SatelliteProfileTests
{
    [Fact]
    public async Task A_satellite_uses_its_own_decoder_and_dictionary_others_keep_the_defaults_and_unknown_names_are_refused()
    {
        var directory = Directory.CreateTempSubdirectory("gs-profile-").FullName;
        try
        {
            await using (var core = await CoreInstance.StartAsync(directory))
            {
                core.Server.Services.GetRequiredService<TelemetryDecoderRegistry>().Register(new BeaconDecoder());
                core.Server.Services.GetRequiredService<CommandDictionaryRegistry>().Register(new CommandDictionary("cubesat-v2", []));

                using (var refused = await PutAsync(core, 40001, """, "telemetryDecoder": "no-such-decoder" """))
                {
                    Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
                    var problem = await refused.Content.ReadAsStringAsync();
                    Assert.Contains("telemetryDecoder", problem, StringComparison.Ordinal);
                    Assert.Contains("no-such-decoder", problem, StringComparison.Ordinal);
                    Assert.Contains(BeaconDecoder.DecoderName, problem, StringComparison.Ordinal);
                }

                using (var refused = await PutAsync(core, 40001, """, "commandDictionary": "bad name!" """))
                {
                    Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
                    Assert.Contains("commandDictionary", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                }

                using (var created = await PutAsync(core, 40001, $$""", "telemetryDecoder": "{{BeaconDecoder.DecoderName}}", "commandDictionary": "cubesat-v2" """))
                {
                    Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                    using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
                    Assert.Equal(BeaconDecoder.DecoderName, body.RootElement.GetProperty("telemetryDecoder").GetString());
                    Assert.Equal("cubesat-v2", body.RootElement.GetProperty("commandDictionary").GetString());
                }

                using (var plain = await PutAsync(core, 40002, ""))
                {
                    Assert.Equal(HttpStatusCode.Created, plain.StatusCode);
                }

                AssertProfiles(core, BeaconDecoder.DecoderName, "cubesat-v2");
            }

            // The registry keeps them across a restart (the new core has not registered the beacon decoder, which
            // only affects decoding, not what the registry recorded).
            await using var restarted = await CoreInstance.StartAsync(directory);
            AssertProfiles(restarted, BeaconDecoder.DecoderName, "cubesat-v2");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void AssertProfiles(CoreInstance core, string decoder, string dictionary)
    {
        var telemetry = core.Server.Services.GetRequiredService<ITelemetryTargetDirectory>();
        var commanding = core.Server.Services.GetRequiredService<ICommandTargetDirectory>();
        Assert.Equal(decoder, telemetry.Find(new NoradId(40001))?.Decoder);
        Assert.Equal(dictionary, commanding.Find(new NoradId(40001))?.Dictionary);
        Assert.Equal(RegistryTargets.SimulatorDecoder, telemetry.Find(new NoradId(40002))?.Decoder);
        Assert.Equal(RegistryTargets.SimulatorDictionary, commanding.Find(new NoradId(40002))?.Dictionary);
    }

    private static Task<HttpResponseMessage> PutAsync(CoreInstance core, int norad, string extra) =>
        core.SendAsync(HttpMethod.Put, $"api/v1/satellites/{norad}", core.AdminKey, new StringContent(
            $$"""{"name": "SAT-{{norad}}", "priority": 10, "downlinkHz": 437500000, "mode": "FM"{{extra}}}""", Encoding.UTF8, "application/json"));

    // A decoder the core does not ship, as a mission would plug in its own.
    private sealed class BeaconDecoder : ITelemetryDecoder
    {
        public const string DecoderName = "beacon-v1";

        public string Name => DecoderName;

        public IReadOnlyList<ParameterDefinition> Parameters { get; } = [new("counter", "")];

        public string? TryDecode(ReadOnlySpan<byte> frame, Span<double> values, out DateTimeOffset sampledAt)
        {
            sampledAt = DateTimeOffset.UnixEpoch;
            return "not used by this test";
        }
    }
}
