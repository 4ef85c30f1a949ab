using GroundStation.Frames.Ax25;
using GroundStation.Orbits.Elements;
using GroundStation.Orbits.Geometry;
using GroundStation.Orbits.Passes;
using GroundStation.Orbits.Propagation;
using GroundStation.Simulators.Satellite;
using GroundStation.Testing;

namespace GroundStation.Simulators.Tests.Satellite;

public sealed class SimulatedSpaceSegmentTests
{
    private static readonly Tle Iss = IssFixture.Tle;

    private static GroundStationSite Site(double latitude, double longitude) =>
        new(new GeodeticPosition(new Latitude(latitude), new Longitude(longitude), 0), new Elevation(0));

    [Fact]
    public async Task A_spacecraft_is_one_spacecraft_for_every_station()
    {
        // Both stations see the ISS pass that rises over the first at about 06:21 UTC.
        var time = new ManualTimeProvider(new DateTimeOffset(2014, 1, 23, 6, 20, 0, TimeSpan.Zero));
        await using var segment = new SimulatedSpaceSegment([new SpacecraftDefinition(Iss.Elements, new Sgp4Ephemeris(Sgp4Propagator.Create(Iss.Elements)))],
            new SpaceSegmentOptions(), time);
        var first = new CollectingSink();
        var second = new CollectingSink();
        var uplink = Assert.Single(segment.AddStation(IssFixture.Station(0), first));
        segment.AddStation(Site(41.5, -82.5), second);
        segment.Start();
        time.Advance(TimeSpan.FromMinutes(6));

        var command = new Ax25UiFrame(SimulatedSpaceSegment.DefaultCallsign(Iss.Elements.Id), new Ax25Address("GS0"),
            Telecommand.SetMode(99, SpacecraftMode.Payload).Encode());
        Assert.Equal(UplinkOutcome.Received, uplink.Uplink(command));
        var sentToSecond = second.Frames.Count;
        time.Advance(TimeSpan.FromSeconds(10));

        var heardBySecond = Housekeeping.Decode(Ax25Codec.Decode(second.Frames[sentToSecond].OnAirFrame.Span, Ax25Fcs.Present).Value.Info.Span).Value;
        Assert.Equal(99, heardBySecond.LastCommandId);
        Assert.Equal(SpacecraftMode.Payload, heardBySecond.Mode);
        Assert.NotEmpty(first.Frames);
        Assert.Equal("S25544", Assert.Single(segment.Satellites).Callsign.ToString());
    }

    [Fact]
    public async Task The_segment_logs_each_transmission_per_named_station_and_a_sequence_number_is_never_sent_twice()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2014, 1, 23, 6, 20, 0, TimeSpan.Zero));
        await using var segment = new SimulatedSpaceSegment([new SpacecraftDefinition(Iss.Elements, new Sgp4Ephemeris(Sgp4Propagator.Create(Iss.Elements)))],
            new SpaceSegmentOptions { EmissionLogCapacity = 1000 }, time);
        var first = new CollectingSink();
        var second = new CollectingSink();
        segment.AddStation("ohio", IssFixture.Station(0), first);
        segment.AddStation("erie", Site(41.5, -82.5), second);
        segment.Start();
        time.Advance(TimeSpan.FromMinutes(15));

        var logged = segment.Emissions.Snapshot();
        Assert.Equal(first.Frames.Count, logged.Count(e => e.Station == "ohio"));
        Assert.Equal(second.Frames.Count, logged.Count(e => e.Station == "erie"));
        Assert.NotEmpty(first.Frames);
        Assert.NotEmpty(second.Frames);
        // One spacecraft beacons to both stations at the same instants, each beacon a frame of its own.
        Assert.Equal(logged.Count, logged.Select(e => e.Sequence).Distinct().Count());
        Assert.Equal(logged.Count, logged.Select(e => e.Digest).Distinct().Count());
        Assert.All(logged, e => Assert.Equal(EmissionOutcome.Delivered, e.Outcome));
    }

    [Fact]
    public async Task Without_a_capacity_the_segment_keeps_no_record()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2014, 1, 23, 6, 20, 0, TimeSpan.Zero));
        await using var segment = new SimulatedSpaceSegment([new SpacecraftDefinition(Iss.Elements, new Sgp4Ephemeris(Sgp4Propagator.Create(Iss.Elements)))],
            new SpaceSegmentOptions(), time);
        var sink = new CollectingSink();
        segment.AddStation(IssFixture.Station(0), sink);
        segment.Start();
        time.Advance(TimeSpan.FromMinutes(15));

        Assert.NotEmpty(sink.Frames);
        Assert.Empty(segment.Emissions.Snapshot());
        Assert.Equal(sink.Frames.Count, segment.Emissions.Evicted);
    }

    [Theory]
    [InlineData(25544, "S25544")]
    [InlineData(100000, "SA0000")]
    [InlineData(339999, "SZ9999")]
    public void Default_callsigns_name_the_catalog_number(int norad, string expected) =>
        Assert.Equal(expected, SimulatedSpaceSegment.DefaultCallsign(new GroundStation.Orbits.NoradId(norad)).ToString());
}
