using GroundStation.Testing;

namespace GroundStation.Edge.Spool.Tests;

public sealed class SpoolCrashTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Every_frame_whose_append_returned_survives_a_SIGKILL_of_the_writing_process()
    {
        var path = _directory.File("spool.db");
        var assembly = typeof(SpoolWriterProgram).Assembly.Location;
        await using (var writer = PeerProcess.Start("dotnet", "dotnet-sdk-10.0", [assembly, SpoolWriterProgram.Command, path]))
        {
            await writer.WaitForLineAsync(line => line.EndsWith("/300 end", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            await writer.KillAsync();
            var reported = writer.Output.Split('\n')
                .Where(line => line.StartsWith("stored ", StringComparison.Ordinal) && line.EndsWith(" end", StringComparison.Ordinal))
                .Select(line => line["stored ".Length..^" end".Length])
                .ToList();
            Assert.True(reported.Count >= 300, writer.Output);

            await using var spool = await FrameSpool.OpenAsync(new SpoolOptions { DatabasePath = path, FullPolicy = SpoolFullPolicy.RejectNewest },
                TimeProvider.System);
            var frames = await spool.ReadOldestAsync(1_000_000);
            var onDisk = frames.Select(f => f.Frame.FrameId).ToHashSet();
            Assert.All(reported, id => Assert.Contains(id, onDisk));

            // What is on disk is a gap-free run from 1, each frame intact; the next append continues after it.
            Assert.Equal(Enumerable.Range(1, frames.Count).Select(i => FrameIds.Format(SpoolWriterProgram.Station, SpoolWriterProgram.Pass, i)),
                frames.Select(f => f.Frame.FrameId));
            Assert.All(frames, f => Assert.Equal(BitConverter.GetBytes(f.Position), f.Frame.Data));
            var next = await spool.AppendAsync(SpoolWriterProgram.Station, SpoolWriterProgram.Pass, DateTimeOffset.UtcNow, new byte[] { 1 });
            Assert.Equal(FrameIds.Format(SpoolWriterProgram.Station, SpoolWriterProgram.Pass, frames.Count + 1), next.Frame!.FrameId);
        }
    }
}
