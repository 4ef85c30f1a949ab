using System.Globalization;
using GroundStation.Messaging.Contracts;

namespace GroundStation.Edge.Spool.Tests;

/// <summary>
/// The entry point of this test assembly when run as a child process (`dotnet GroundStation.Edge.Spool.Tests.dll
/// spool-writer {db}`): it appends frames to a spool as fast as it can and prints each frame id once its append
/// returned, until killed. The crash test kills it with SIGKILL and checks every printed frame is on disk.
/// </summary>
public static class SpoolWriterProgram
{
    public const string Command = "spool-writer";
    public static readonly StationId Station = StationId.Parse("gs-crash");
    public static readonly PassId Pass = PassId.Parse("gs-crash.25544.20261206T1000Z");

    public static async Task<int> Main(string[] args)
    {
        if (args is not [Command, var path])
        {
            await Console.Error.WriteLineAsync($"usage: {Command} <spool database>");
            return 2;
        }

        await using var spool = await FrameSpool.OpenAsync(new SpoolOptions { DatabasePath = path, FullPolicy = SpoolFullPolicy.RejectNewest },
            TimeProvider.System);
        while (true)
        {
            var result = await spool.AppendAsync(Station, Pass, DateTimeOffset.UtcNow, BitConverter.GetBytes(spool.LastPosition + 1));
            if (!result.IsStored)
            {
                await Console.Error.WriteLineAsync($"rejected: {result.Reason}");
                return 1;
            }

            // The " end" marks a complete line: a line cut by the kill is not counted as a stored frame.
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stored {result.Frame!.FrameId} end"));
        }
    }
}
