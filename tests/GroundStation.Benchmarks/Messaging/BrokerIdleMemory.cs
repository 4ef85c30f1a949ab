using System.Buffers;
using System.Globalization;
using System.Net.Sockets;
using GroundStation.Messaging.Protocol;
using GroundStation.Testing;

namespace GroundStation.Benchmarks.Messaging;

/// <summary>
/// Issue 3, acceptance 5: the resident memory of `gs broker` (its own process) holding 1,000 idle connected clients,
/// each with one subscription. Target: under 100 MB. A measurement, not a BenchmarkDotNet timing:
/// <c>dotnet run -c Release --project tests/GroundStation.Benchmarks -- broker-idle-memory [clients]</c>.
/// </summary>
public static class BrokerIdleMemory
{
    /// <summary>The argument that selects this measurement instead of BenchmarkDotNet.</summary>
    public const string Command = "broker-idle-memory";

    /// <summary>Runs the measurement and prints the figures; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var clients = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        await using var broker = await GsBrokerProcess.StartAsync(persistent: false, "--log-level", "Warning");
        var idle = RssKilobytes(broker.ProcessId);

        var sockets = new List<Socket>(clients);
        try
        {
            for (var i = 0; i < clients; i++)
            {
                sockets.Add(await ConnectIdleClientAsync(broker, i));
            }

            // Let the broker settle (its GC and the runtime's thread pool) before reading its memory.
            await Task.Delay(TimeSpan.FromSeconds(3));
            var loaded = RssKilobytes(broker.ProcessId);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"gs broker RSS: {idle / 1024.0:F1} MB with no clients, {loaded / 1024.0:F1} MB with {clients} idle clients " +
                $"({(loaded - idle) / (double)clients:F1} KB per client); target < 100 MB"));
            return loaded < 100 * 1024 ? 0 : 1;
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    private static async Task<Socket> ConnectIdleClientAsync(GsBrokerProcess broker, int index)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(broker.Host, broker.Port);
        var writer = new ArrayBufferWriter<byte>();
        MqttEncoder.Write(writer, new ConnectPacket($"idle-{index}", CleanSession: true, KeepAliveSeconds: 600));
        MqttEncoder.Write(writer, new SubscribePacket(1,
            [new MqttSubscription(TopicFilter.Parse($"gs/stations/{index}/commands/#"), MqttQualityOfService.AtLeastOnce)]));
        await socket.SendAsync(writer.WrittenMemory);

        // CONNACK (4 bytes) and SUBACK (5 bytes).
        var answer = new byte[9];
        var read = 0;
        while (read < answer.Length)
        {
            var n = await socket.ReceiveAsync(answer.AsMemory(read));
            if (n == 0)
            {
                throw new InvalidOperationException($"gs broker closed idle client {index}:\n{broker.Output}");
            }

            read += n;
        }

        if (answer[0] != 0x20 || answer[3] != 0 || answer[4] != 0x90)
        {
            throw new InvalidOperationException($"gs broker refused idle client {index}: {Convert.ToHexString(answer)}");
        }

        return socket;
    }

    private static long RssKilobytes(int processId)
    {
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc/{processId}/status has no VmRSS line.");
    }
}
