using System.Text;
using GroundStation.Messaging.Client;
using GroundStation.Messaging.Protocol;

namespace GroundStation.Messaging.Tests.Conformance;

/// <summary>Client construction and reception helpers shared by the conformance and fault tests.</summary>
internal static class MqttTestClients
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static MqttClientOptions Options(string host, int port, string clientId, bool cleanSession = true, MqttWill? will = null) => new()
    {
        Host = host,
        Port = port,
        ClientId = clientId,
        CleanSession = cleanSession,
        Will = will,
        KeepAlive = TimeSpan.FromSeconds(30),
        ReconnectMinimumDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaximumDelay = TimeSpan.FromSeconds(1),
    };

    public static async Task<MqttClient> ConnectAsync(MqttClientOptions options)
    {
        var client = new MqttClient(options, TimeProvider.System);
        await client.ConnectAsync(new CancellationTokenSource(Deadline).Token);
        return client;
    }

    public static string UniqueId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(MqttApplicationMessage message) => Encoding.UTF8.GetString(message.Payload.Span);

    /// <summary>The next message, or a failure naming what was awaited when none comes before the deadline.</summary>
    public static async Task<MqttApplicationMessage> NextAsync(this MqttClient client, string awaiting, TimeSpan? deadline = null)
    {
        using var timeout = new CancellationTokenSource(deadline ?? Deadline);
        try
        {
            return await client.Messages.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No message arrived while waiting for {awaiting}.");
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> messages.</summary>
    public static async Task<List<MqttApplicationMessage>> TakeAsync(this MqttClient client, int count, string awaiting)
    {
        var messages = new List<MqttApplicationMessage>(count);
        while (messages.Count < count)
        {
            messages.Add(await client.NextAsync($"{awaiting} (got {messages.Count} of {count})"));
        }

        return messages;
    }

    public static Task PublishTextAsync(this MqttClient client, string topic, string text,
        MqttQualityOfService qos = MqttQualityOfService.AtLeastOnce, bool retain = false) =>
        client.PublishAcknowledgedAsync(new MqttApplicationMessage(TopicName.Parse(topic), Bytes(text), qos, retain),
            new CancellationTokenSource(Deadline).Token);
}
