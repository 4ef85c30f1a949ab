using GroundStation.Messaging.Contracts;
using GroundStation.Testing;

namespace GroundStation.Edge.Spool.Tests;

public sealed class FrameSpoolTests : IDisposable
{
    private static readonly StationId Station = StationId.Parse("gs-north");
    private static readonly PassId PassA = PassId.Parse("gs-north.25544.20261206T1000Z");
    private static readonly PassId PassB = PassId.Parse("gs-north.43017.20261206T1100Z");
    private readonly TempDirectory _directory = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Append_assigns_per_pass_sequences_from_one_and_returns_the_spooled_frame()
    {
        await using var spool = await OpenAsync();
        var receivedAt = new DateTimeOffset(2026, 12, 6, 10, 0, 1, TimeSpan.FromHours(2));

        var first = await spool.AppendAsync(Station, PassA, receivedAt, new byte[] { 1, 2, 3 });
        var second = await spool.AppendAsync(Station, PassA, receivedAt, new byte[] { 4 });
        var otherPass = await spool.AppendAsync(Station, PassB, receivedAt, new byte[] { 5 });

        Assert.Equal(SpoolAppendOutcome.Stored, first.Outcome);
        Assert.Equal("gs-north/gs-north.25544.20261206T1000Z/1", first.Frame!.FrameId);
        Assert.Equal("gs-north/gs-north.25544.20261206T1000Z/2", second.Frame!.FrameId);
        Assert.Equal("gs-north/gs-north.43017.20261206T1100Z/1", otherPass.Frame!.FrameId);
        Assert.Equal(Station, first.Frame.Station);
        Assert.Equal(PassA.Value, first.Frame.PassId);
        Assert.Equal(receivedAt, first.Frame.ReceivedAt);
        Assert.Equal(new byte[] { 1, 2, 3 }, first.Frame.Data);
        Assert.Equal(new SpoolStatistics(3, 5, receivedAt, 0, 0), spool.Statistics);
    }

    [Fact]
    public async Task An_empty_frame_round_trips_as_empty_bytes()
    {
        await using var spool = await OpenAsync();
        var stored = await spool.AppendAsync(Station, PassA, _time.GetUtcNow(), ReadOnlyMemory<byte>.Empty);

        Assert.Equal(SpoolAppendOutcome.Stored, stored.Outcome);
        Assert.Empty(Assert.Single(await spool.ReadOldestAsync(10)).Frame.Data);
    }

    [Fact]
    public async Task Frames_are_read_oldest_first_and_deleted_only_when_acknowledged()
    {
        await using var spool = await OpenAsync();
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var pass = i % 2 == 0 ? PassA : PassB;
            ids.Add((await spool.AppendAsync(Station, pass, _time.GetUtcNow().AddSeconds(i), new[] { (byte)i })).Frame!.FrameId);
        }

        var oldest = await spool.ReadOldestAsync(4);
        Assert.Equal(ids[..4], oldest.Select(f => f.Frame.FrameId));
        Assert.Equal(oldest.Select(f => f.Position).Order(), oldest.Select(f => f.Position));

        Assert.True(await spool.AcknowledgeAsync(ids[0]));
        Assert.False(await spool.AcknowledgeAsync(ids[0]));
        Assert.True(await spool.AcknowledgeAsync(ids[2]));

        var remaining = await spool.ReadOldestAsync(100);
        Assert.Equal(ids.Where((_, i) => i is not 0 and not 2), remaining.Select(f => f.Frame.FrameId));
        var after = await spool.ReadAfterAsync(remaining[3].Position, 100);
        Assert.Equal(remaining.Skip(4).Select(f => f.Frame.FrameId), after.Select(f => f.Frame.FrameId));
        Assert.Equal(8, spool.Statistics.Depth);
        Assert.Equal(8, spool.Statistics.Bytes);
        Assert.Equal(_time.GetUtcNow().AddSeconds(1), spool.Statistics.OldestReceivedAt);
    }

    [Fact]
    public async Task A_batch_acknowledgement_deletes_the_frames_still_spooled_and_counts_them()
    {
        var path = _directory.File("spool.db");
        await using (var spool = await OpenAsync(path))
        {
            for (var i = 1; i <= 6; i++)
            {
                await spool.AppendAsync(Station, PassA, _time.GetUtcNow().AddSeconds(i), new byte[i]);
            }

            var deleted = await spool.AcknowledgeAsync(
                [FrameIds.Format(Station, PassA, 1), FrameIds.Format(Station, PassA, 2), FrameIds.Format(Station, PassA, 9), FrameIds.Format(Station, PassA, 4)]);

            Assert.Equal(3, deleted);
            Assert.Equal(new SpoolStatistics(3, 3 + 5 + 6, _time.GetUtcNow().AddSeconds(3), 0, 0), spool.Statistics);
            Assert.Equal(0, await spool.AcknowledgeAsync(Array.Empty<string>()));
        }

        await using var reopened = await OpenAsync(path);
        Assert.Equal(["/3", "/5", "/6"], (await reopened.ReadOldestAsync(10)).Select(f => f.Frame.FrameId[^2..]));
    }

    [Fact]
    public async Task A_reopened_spool_keeps_every_frame_and_continues_each_pass_sequence()
    {
        var path = _directory.File("spool.db");
        await using (var spool = await OpenAsync(path))
        {
            for (var i = 1; i <= 5; i++)
            {
                await spool.AppendAsync(Station, PassA, _time.GetUtcNow(), new[] { (byte)i });
            }

            // Acknowledged frames are gone, but their sequence numbers must never be handed out again.
            Assert.True(await spool.AcknowledgeAsync(FrameIds.Format(Station, PassA, 5)));
            Assert.True(await spool.AcknowledgeAsync(FrameIds.Format(Station, PassA, 1)));
        }

        await using var reopened = await OpenAsync(path);
        Assert.Equal(3, reopened.Statistics.Depth);
        var frames = await reopened.ReadOldestAsync(10);
        Assert.Equal(["/2", "/3", "/4"], frames.Select(f => f.Frame.FrameId[^2..]));
        Assert.Equal(new byte[] { 3 }, frames[1].Frame.Data);
        var next = await reopened.AppendAsync(Station, PassA, _time.GetUtcNow(), new byte[] { 6 });
        Assert.Equal(FrameIds.Format(Station, PassA, 6), next.Frame!.FrameId);
        Assert.True(frames[^1].Position < (await reopened.ReadOldestAsync(10))[^1].Position);
    }

    [Fact]
    public async Task Frames_survive_a_spool_that_was_never_disposed()
    {
        // A crash in process: the connection is abandoned without Dispose, so nothing is flushed or closed on the way out.
        var path = _directory.File("spool.db");
        var abandoned = await OpenAsync(path);
        for (var i = 1; i <= 20; i++)
        {
            await abandoned.AppendAsync(Station, PassA, _time.GetUtcNow(), new[] { (byte)i });
        }

        await using var reopened = await OpenAsync(path);
        var frames = await reopened.ReadOldestAsync(100);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => FrameIds.Format(Station, PassA, i)), frames.Select(f => f.Frame.FrameId));
        var next = await reopened.AppendAsync(Station, PassA, _time.GetUtcNow(), new byte[] { 0 });
        Assert.Equal(FrameIds.Format(Station, PassA, 21), next.Frame!.FrameId);
        GC.KeepAlive(abandoned);
    }

    [Fact]
    public async Task RejectNewest_keeps_what_is_spooled_refuses_the_new_frame_and_reports_it()
    {
        await using var spool = await OpenAsync(maxBytes: 30, policy: SpoolFullPolicy.RejectNewest);
        var overflows = new List<SpoolOverflow>();
        spool.Overflowed += (_, overflow) => overflows.Add(overflow);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(SpoolAppendOutcome.Stored, (await spool.AppendAsync(Station, PassA, _time.GetUtcNow(), new byte[10])).Outcome);
        }

        var rejected = await spool.AppendAsync(Station, PassA, _time.GetUtcNow(), new byte[1]);
        var tooLarge = await spool.AppendAsync(Station, PassB, _time.GetUtcNow(), new byte[31]);

        Assert.Equal(SpoolAppendOutcome.Rejected, rejected.Outcome);
        Assert.Null(rejected.Frame);
        Assert.StartsWith("max-bytes", rejected.Reason, StringComparison.Ordinal);
        Assert.Equal(SpoolAppendOutcome.Rejected, tooLarge.Outcome);
        Assert.Equal(2, overflows.Count);
        Assert.Equal(PassA, overflows[0].RejectedPassId);
        Assert.Equal(PassB, overflows[1].RejectedPassId);
        Assert.Equal(new SpoolStatistics(3, 30, _time.GetUtcNow(), 0, 2), spool.Statistics);
        Assert.Equal(["/1", "/2", "/3"], (await spool.ReadOldestAsync(10)).Select(f => f.Frame.FrameId[^2..]));

        // Room again after an acknowledgement; a rejected frame used no sequence number.
        Assert.True(await spool.AcknowledgeAsync(FrameIds.Format(Station, PassA, 1)));
        Assert.Equal(FrameIds.Format(Station, PassA, 4), (await spool.AppendAsync(Station, PassA, _time.GetUtcNow(), new byte[10])).Frame!.FrameId);
    }

    [Fact]
    public async Task DropOldest_deletes_the_oldest_frames_to_make_room_and_reports_each()
    {
        await using var spool = await OpenAsync(maxBytes: 30, policy: SpoolFullPolicy.DropOldest);
        var overflows = new List<SpoolOverflow>();
        spool.Overflowed += (_, overflow) => overflows.Add(overflow);
        for (var i = 0; i < 3; i++)
        {
            await spool.AppendAsync(Station, PassA, _time.GetUtcNow(), new byte[10]);
        }

        var stored = await spool.AppendAsync(Station, PassA, _time.GetUtcNow(), new byte[15]);

        Assert.Equal(SpoolAppendOutcome.StoredAfterDroppingOldest, stored.Outcome);
        Assert.Equal([FrameIds.Format(Station, PassA, 1), FrameIds.Format(Station, PassA, 2)], stored.DroppedFrameIds);
        Assert.Equal("max-bytes", stored.Reason);
        Assert.Single(overflows);
        Assert.Equal(stored.DroppedFrameIds, overflows[0].DroppedFrameIds);
        Assert.Null(overflows[0].RejectedPassId);
        Assert.Equal(new SpoolStatistics(2, 25, _time.GetUtcNow(), 2, 0), spool.Statistics);
        Assert.Equal(["/3", "/4"], (await spool.ReadOldestAsync(10)).Select(f => f.Frame.FrameId[^2..]));
    }

    [Theory]
    [InlineData(SpoolFullPolicy.RejectNewest)]
    [InlineData(SpoolFullPolicy.DropOldest)]
    public async Task A_full_database_is_handled_by_the_policy_and_counted_never_thrown(SpoolFullPolicy policy)
    {
        // max_page_count makes SQLite answer SQLITE_FULL exactly as a full disk does, far below MaxBytes.
        var path = _directory.File("full.db");
        await using var spool = await FrameSpool.OpenAsync(new SpoolOptions
        {
            DatabasePath = path,
            FullPolicy = policy,
            MaxDatabasePages = 40,
        }, _time);
        var overflows = new List<SpoolOverflow>();
        spool.Overflowed += (_, overflow) => overflows.Add(overflow);
        var results = new List<SpoolAppendResult>();
        for (var i = 0; i < 200; i++)
        {
            results.Add(await spool.AppendAsync(Station, PassA, _time.GetUtcNow(), new byte[1000]));
        }

        var lost = results.Where(r => r.Outcome != SpoolAppendOutcome.Stored).ToList();
        Assert.NotEmpty(lost);
        Assert.All(lost, r => Assert.StartsWith("disk-full", r.Reason, StringComparison.Ordinal));
        Assert.Equal(lost.Count, overflows.Count);
        var statistics = spool.Statistics;
        if (policy == SpoolFullPolicy.RejectNewest)
        {
            Assert.All(lost, r => Assert.Equal(SpoolAppendOutcome.Rejected, r.Outcome));
            Assert.Equal(lost.Count, statistics.RejectedFrames);
            Assert.Equal(0, statistics.DroppedFrames);
            // The oldest frames are the ones kept.
            Assert.Equal(FrameIds.Format(Station, PassA, 1), (await spool.ReadOldestAsync(1))[0].Frame.FrameId);
            Assert.Equal(200 - lost.Count, statistics.Depth);
        }
        else
        {
            Assert.Contains(lost, r => r.Outcome == SpoolAppendOutcome.StoredAfterDroppingOldest);
            Assert.Equal(lost.Sum(r => r.DroppedFrameIds.Count), statistics.DroppedFrames);
            Assert.Equal(results.Count(r => r.Outcome == SpoolAppendOutcome.Rejected), statistics.RejectedFrames);
            // The newest frame is always kept, and the count adds up.
            Assert.True(results[^1].IsStored);
            Assert.Equal(results[^1].Frame!.FrameId, (await spool.ReadOldestAsync(1000))[^1].Frame.FrameId);
            Assert.Equal(200 - statistics.DroppedFrames - statistics.RejectedFrames, statistics.Depth);
        }

        Assert.Equal(statistics.Depth, (await spool.ReadOldestAsync(1000)).Count);
    }

    [Fact]
    public async Task Drop_and_reject_counters_survive_a_restart()
    {
        var path = _directory.File("spool.db");
        await using (var spool = await OpenAsync(path, maxBytes: 10, policy: SpoolFullPolicy.DropOldest))
        {
            await spool.AppendAsync(Station, PassA, _time.GetUtcNow(), new byte[10]);
            await spool.AppendAsync(Station, PassA, _time.GetUtcNow(), new byte[10]);
            await spool.AppendAsync(Station, PassA, _time.GetUtcNow(), new byte[11]);
            Assert.Equal(1, spool.Statistics.DroppedFrames);
            Assert.Equal(1, spool.Statistics.RejectedFrames);
        }

        await using var reopened = await OpenAsync(path, maxBytes: 10, policy: SpoolFullPolicy.DropOldest);
        Assert.Equal(new SpoolStatistics(1, 10, _time.GetUtcNow(), 1, 1), reopened.Statistics);
    }

    [Fact]
    public async Task Bad_options_are_refused_with_the_setting_named()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            FrameSpool.OpenAsync(new SpoolOptions { DatabasePath = _directory.File("x.db"), FullPolicy = SpoolFullPolicy.DropOldest, MaxBytes = 0 }, _time));
        Assert.Contains("MaxBytes", error.Message, StringComparison.Ordinal);
        error = await Assert.ThrowsAsync<ArgumentException>(() =>
            FrameSpool.OpenAsync(new SpoolOptions { DatabasePath = " ", FullPolicy = SpoolFullPolicy.DropOldest }, _time));
        Assert.Contains("DatabasePath", error.Message, StringComparison.Ordinal);
    }

    private Task<FrameSpool> OpenAsync(string? path = null, long maxBytes = 1 << 20, SpoolFullPolicy policy = SpoolFullPolicy.RejectNewest) =>
        FrameSpool.OpenAsync(new SpoolOptions
        {
            DatabasePath = path ?? _directory.File("spool.db"),
            MaxBytes = maxBytes,
            FullPolicy = policy,
        }, _time);
}
