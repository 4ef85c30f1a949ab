using GroundStation.Core.Contacts;
using GroundStation.Frames.Ax25;
using GroundStation.Orbits;
using GroundStation.Simulators.Satellite;
using GroundStation.Telemetry.Storage;

namespace GroundStation.Core.Tests.EndToEnd;

/// <summary>
/// Compares what the simulated satellites transmitted (the space segment's <see cref="EmissionLog"/>) with what the
/// core's telemetry store holds.
/// <para>
/// A frame is identified end to end by the SHA-256 of its AX.25 bytes without FCS (what the TNC hands to the edge and
/// the core stores), and within a satellite by its housekeeping sequence number (the simulator never sends a sequence
/// number twice, whatever the number of stations).
/// </para>
/// <para>
/// Expected in the store: every frame the link delivered intact (<see cref="EmissionOutcome.Delivered"/>) to station S
/// from satellite X at an instant inside [AOS, LOS] of a contact of X at S that reached Pass and completed: the edge
/// tracks from AOS to LOS and attributes what it hears meanwhile to that pass. Frames the link dropped or corrupted
/// (the TNC discards a bad FCS) are accounted for separately and never expected; frames sent outside every tracked
/// pass are not expected either (the edge drops what it hears outside a pass). Frames the station's receiver did not
/// pass on because its radio was not tuned to the satellite yet are reported (<see cref="NotTunedYet"/>), and must all
/// come before the first frame heard in that pass (<see cref="TunedAway"/> is the contrary).
/// </para>
/// </summary>
internal sealed class EmissionAudit
{
    private readonly IReadOnlyList<Emission> _expected;

    private EmissionAudit(IReadOnlyList<Emission> expectedFrames, int expected, int dropped, int corrupted, int notTuned, IReadOnlyList<Emission> tunedAway,
        IReadOnlyList<Emission> missing, IReadOnlyList<string> storedTwice,
        IReadOnlyList<StoredFrame> unexplained, IReadOnlyList<(StoredFrame Frame, Emission Emission)> misattributed)
    {
        _expected = expectedFrames;
        Expected = expected;
        LostOnTheLink = dropped;
        CorruptedOnTheLink = corrupted;
        NotTunedYet = notTuned;
        TunedAway = tunedAway;
        Missing = missing;
        StoredTwice = storedTwice;
        Unexplained = unexplained;
        Misattributed = misattributed;
    }

    /// <summary>Frames that had to reach the store.</summary>
    public int Expected { get; }

    /// <summary>Frames inside tracked windows that the link dropped (injected faults): not expected.</summary>
    public int LostOnTheLink { get; }

    /// <summary>Frames inside tracked windows that the link corrupted (injected faults): not expected.</summary>
    public int CorruptedOnTheLink { get; }

    /// <summary>
    /// Frames inside tracked windows the station's receiver did not pass on because its radio was not tuned to the
    /// satellite yet (the edge tunes in its pre-pass, after the rotator): not expected, reported.
    /// </summary>
    public int NotTunedYet { get; }

    /// <summary>Frames the receiver missed after it had already heard that pass's satellite: the radio left it mid-pass.</summary>
    public IReadOnlyList<Emission> TunedAway { get; }

    /// <summary>Expected frames the store does not hold at their station under the pass that tracked them.</summary>
    public IReadOnlyList<Emission> Missing { get; }

    /// <summary>Frame identities (digest, or satellite/sequence) the store holds more than once.</summary>
    public IReadOnlyList<string> StoredTwice { get; }

    /// <summary>Stored frames of the audited passes that no satellite transmitted to that station.</summary>
    public IReadOnlyList<StoredFrame> Unexplained { get; }

    /// <summary>Stored frames of the audited passes that another satellite transmitted.</summary>
    public IReadOnlyList<(StoredFrame Frame, Emission Emission)> Misattributed { get; }

    /// <summary>Audits <paramref name="stored"/> (every frame in the store) against <paramref name="emitted"/> for <paramref name="completed"/>.</summary>
    public static EmissionAudit Of(IReadOnlyList<Emission> emitted, IReadOnlyList<Contact> completed, IReadOnlyList<StoredFrame> stored)
    {
        var byStationDigest = emitted.GroupBy(e => (e.Station, e.Digest)).ToDictionary(g => g.Key, g => g.First());
        var inWindows = emitted.Where(e => completed.Any(c => Tracked(c, e))).ToList();
        var notTuned = inWindows.Where(e => e.Outcome == EmissionOutcome.NotTuned).ToList();
        var unheard = notTuned.Select(e => (e.Station, e.Digest)).ToHashSet();
        var expected = inWindows.Where(e => e.Outcome == EmissionOutcome.Delivered && !unheard.Contains((e.Station, e.Digest))).ToList();
        var tunedAway = notTuned.Where(miss => completed.Any(c => Tracked(c, miss) && expected.Any(heard => Tracked(c, heard) && heard.SentAt < miss.SentAt))).ToList();
        // Where each frame is stored: present means present at that station under the pass that tracked it.
        var storedAt = stored.Select(f => (f.Station.Value, f.PassId, EmissionLog.DigestOf(f.Data))).ToHashSet();
        bool StoredInItsPass(Emission e) => completed.Any(c => Tracked(c, e) && storedAt.Contains((e.Station, c.PassId.Value, e.Digest)));

        var twice = stored.GroupBy(f => EmissionLog.DigestOf(f.Data)).Where(g => g.Count() > 1).Select(g => $"digest {g.Key}: {string.Join(", ", g.Select(f => f.FrameId))}")
            .Concat(stored.Select(f => (Frame: f, Key: SatelliteSequence(f.Data))).Where(x => x.Key is not null).GroupBy(x => x.Key)
                .Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => x.Frame.FrameId))}"))
            .ToList();

        var audited = completed.Select(c => c.PassId.Value).ToHashSet(StringComparer.Ordinal);
        var unexplained = new List<StoredFrame>();
        var misattributed = new List<(StoredFrame, Emission)>();
        foreach (var frame in stored.Where(f => audited.Contains(f.PassId)))
        {
            if (!byStationDigest.TryGetValue((frame.Station.Value, EmissionLog.DigestOf(frame.Data)), out var emission))
            {
                unexplained.Add(frame);
            }
            else if (frame.Norad is not { } norad || emission.Satellite != SimulatedSpaceSegment.DefaultCallsign(new NoradId(norad)))
            {
                misattributed.Add((frame, emission));
            }
        }

        return new EmissionAudit(expected, expected.Count, inWindows.Count(e => e.Outcome == EmissionOutcome.Dropped), inWindows.Count(e => e.Outcome == EmissionOutcome.Corrupted),
            notTuned.Count, tunedAway,
            [.. expected.Where(e => !StoredInItsPass(e))], twice, unexplained, misattributed);
    }

    /// <summary>True when <paramref name="emission"/> went to the contact's station from its satellite inside its tracked window.</summary>
    public static bool Tracked(Contact contact, Emission emission) =>
        contact.Transitions.Any(t => t.To == ContactState.Pass) &&
        emission.Station == contact.Station.Value &&
        emission.Satellite == SimulatedSpaceSegment.DefaultCallsign(new NoradId(contact.Norad)) &&
        emission.SentAt >= contact.Aos && emission.SentAt <= contact.Los;

    /// <summary>True when at least one frame was expected from <paramref name="contact"/>.</summary>
    public bool ExpectedIn(Contact contact) => _expected.Any(e => Tracked(contact, e));

    /// <summary>A one-line summary for the test output.</summary>
    public override string ToString() =>
        $"{Expected} frames expected ({LostOnTheLink} dropped and {CorruptedOnTheLink} corrupted by the link, {NotTunedYet} before the station's radio was tuned, " +
        $"{TunedAway.Count} after it left the satellite, besides), {Missing.Count} missing, " +
        $"{StoredTwice.Count} stored twice, {Unexplained.Count} stored but never sent to that station, {Misattributed.Count} stored under another satellite's pass";

    /// <summary>The summary and the first few missing frames, for a failure message.</summary>
    public string Describe() =>
        $"{this}; first missing: {string.Join("; ", Missing.Take(10).Select(e => $"{e.Satellite} sequence {e.Sequence} to {e.Station} at {e.SentAt:O} (elevation {e.ElevationDegrees:0.0})"))}";

    private static string? SatelliteSequence(byte[] ax25WithoutFcs)
    {
        var frame = Ax25Codec.Decode(ax25WithoutFcs, Ax25Fcs.Absent);
        if (!frame.IsSuccess)
        {
            return null;
        }

        var housekeeping = Housekeeping.Decode(frame.Value.Info.Span);
        return housekeeping.IsSuccess ? $"{frame.Value.Source} sequence {housekeeping.Value.Sequence} ({housekeeping.Value.Kind})" : null;
    }
}
