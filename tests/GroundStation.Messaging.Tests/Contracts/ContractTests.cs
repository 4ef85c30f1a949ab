using System.Security.Cryptography;
using System.Text;
using GroundStation.Messaging.Contracts;
using GroundStation.Messaging.Protocol;

namespace GroundStation.Messaging.Tests.Contracts;

public sealed class ContractTests
{
    private static readonly StationId Station = StationId.Parse("svalbard-1");
    private static readonly DateTimeOffset At = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);

    private static PassPlan Plan() => new(1, Station, 42, At, [
        new PlannedPass("pass-1", 25544, "ISS", "1 25544U 98067A   26326.5 .00016717 00000-0 10270-3 0  9005",
            "2 25544  51.6400 208.9163 0006317  69.9862  25.2906 15.50000000    08", At.AddMinutes(10), At.AddMinutes(20), 63.5,
            437_800_000, 145_990_000, "FM"),
    ]);

    private static Telecommand Command() => new(1, "cmd-7", Station, "pass-1", 25544, "bm9uY2U=", At, At.AddMinutes(30),
        [0xC0, 0x01, 0x02], new IamDecision("dec-1", "alice", "bob", At));

    [Fact]
    public void Every_message_survives_a_round_trip()
    {
        RoundTrip(new TelemetryFrame(1, Station, "pass-1", "svalbard-1/pass-1/17", At, [1, 2, 3, 255]));
        RoundTrip(new StationStatus(1, Station, At, DeviceLinkState.Up, DeviceLinkState.Degraded, DeviceLinkState.Down, 12, 5_000_000_000, -3.5, "pass-1"));
        RoundTrip(new StationPresence(1, Station, PresenceState.Offline, At));
        RoundTrip(new PassEvent(1, Station, "pass-1", PassState.Failed, At, "rotator down"));
        RoundTrip(new CommandAck(1, "cmd-7", Station, CommandStage.Sent, At, null));
        var plan = GroundStationMessages.Decode<PassPlan>(GroundStationMessages.Encode(Plan()));
        Assert.Equal(Plan().Passes, plan.Passes);
        var command = GroundStationMessages.Decode<Telecommand>(GroundStationMessages.Encode(Command()));
        Assert.Equal(Command().Payload, command.Payload);
        Assert.Equal(Command().Decision, command.Decision);
    }

    [Fact]
    public void Json_uses_the_documented_field_names()
    {
        var json = Encoding.UTF8.GetString(GroundStationMessages.Encode(new StationPresence(1, Station, PresenceState.Online, At)));

        Assert.Equal("""{"v":1,"station":"svalbard-1","state":"Online","since":"2026-11-22T03:00:00+00:00"}""", json);
    }

    [Fact]
    public void An_unsupported_version_is_refused_by_name()
    {
        var json = """{"v":2,"station":"svalbard-1","state":"Online","since":"2026-11-22T03:00:00+00:00"}"""u8.ToArray();

        var error = Assert.Throws<MessageFormatException>(() => GroundStationMessages.Decode<StationPresence>(json));
        Assert.Contains("station-presence message version 2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"v":1,"state":"Online","since":"2026-11-22T03:00:00+00:00"}""", "station")]
    [InlineData("""{"v":1,"station":"a/b","state":"Online","since":"2026-11-22T03:00:00+00:00"}""", "station id")]
    [InlineData("""{"v":1,"station":"s","state":"Sleeping","since":"2026-11-22T03:00:00+00:00"}""", "state")]
    [InlineData("{\"v\":1,\"station\":\"s\",", "")]
    [InlineData("""null""", "null")]
    public void A_malformed_payload_is_refused(string json, string mentioned)
    {
        var error = Assert.Throws<MessageFormatException>(() => GroundStationMessages.Decode<StationPresence>(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(mentioned, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("station-presence", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signed_plan_opens_with_the_right_key_only()
    {
        using var core = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var envelope = SignedEnvelope.Sign(Plan(), core, "core-2026");
        var wire = GroundStationMessages.Decode<SignedEnvelope>(GroundStationMessages.Encode(envelope));

        var opened = wire.Open<PassPlan>(id => id == "core-2026" ? core : null);
        Assert.Equal(42, opened.PlanVersion);

        Assert.Contains("unknown key", Assert.Throws<MessageFormatException>(() => wire.Open<PassPlan>(_ => null)).Message, StringComparison.Ordinal);
        Assert.Contains("does not verify", Assert.Throws<MessageFormatException>(() => wire.Open<PassPlan>(_ => other)).Message, StringComparison.Ordinal);
        Assert.Contains("not a telecommand", Assert.Throws<MessageFormatException>(() => wire.Open<Telecommand>(_ => core)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tampered_envelope_does_not_verify()
    {
        using var core = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var envelope = SignedEnvelope.Sign(Command(), core, "core-2026");
        var payload = (byte[])envelope.Payload.Clone();
        payload[^2] ^= 1;

        Assert.Throws<MessageFormatException>(() => (envelope with { Payload = payload }).Open<Telecommand>(_ => core));
        Assert.Throws<MessageFormatException>(() => (envelope with { KeyId = "core-2025" }).Open<Telecommand>(_ => core));
        Assert.Equal("cmd-7", envelope.Open<Telecommand>(_ => core).CommandId);
    }

    [Fact]
    public void Topics_follow_the_documented_layout()
    {
        Assert.Equal("gs/v1/stations/svalbard-1/telemetry", GroundStationTopics.Telemetry(Station).Value);
        Assert.Equal("gs/v1/stations/svalbard-1/status", GroundStationTopics.Status(Station).Value);
        Assert.Equal("gs/v1/stations/svalbard-1/presence", GroundStationTopics.Presence(Station).Value);
        Assert.Equal("gs/v1/stations/svalbard-1/plan", GroundStationTopics.Plan(Station).Value);
        Assert.Equal("gs/v1/stations/svalbard-1/passes", GroundStationTopics.PassEvents(Station).Value);
        Assert.Equal("gs/v1/stations/svalbard-1/commands", GroundStationTopics.Commands(Station).Value);
        Assert.Equal("gs/v1/stations/svalbard-1/commands/acks", GroundStationTopics.CommandAcks(Station).Value);
        Assert.Equal("$share/gs-core/gs/v1/stations/+/telemetry", GroundStationTopics.AllStations("telemetry", shared: true).Value);

        Assert.True(GroundStationTopics.AllStations("telemetry").Matches(GroundStationTopics.Telemetry(Station)));
        Assert.False(GroundStationTopics.AllStations("commands").Matches(GroundStationTopics.CommandAcks(Station)));
        Assert.True(GroundStationTopics.StationSubtree(Station).Matches(GroundStationTopics.CommandAcks(Station)));
        Assert.False(GroundStationTopics.StationSubtree(Station).Matches(GroundStationTopics.Plan(StationId.Parse("svalbard-10"))));

        Assert.True(GroundStationTopics.TryGetStation(GroundStationTopics.CommandAcks(Station), out var parsed));
        Assert.Equal(Station, parsed);
        Assert.False(GroundStationTopics.TryGetStation(TopicName.Parse("other/v1/stations/x/telemetry"), out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a+")]
    [InlineData("#")]
    [InlineData("$SYS")]
    [InlineData("station one")]
    public void Station_ids_that_could_break_a_topic_are_refused(string value)
    {
        Assert.False(StationId.TryParse(value, out _));
        Assert.Throws<ArgumentException>(() => StationId.Parse(value));
    }

    private static void RoundTrip<T>(T message)
        where T : class, IVersionedMessage
    {
        var decoded = GroundStationMessages.Decode<T>(GroundStationMessages.Encode(message));
        Assert.Equal(GroundStationMessages.Encode(message), GroundStationMessages.Encode(decoded));
    }
}
