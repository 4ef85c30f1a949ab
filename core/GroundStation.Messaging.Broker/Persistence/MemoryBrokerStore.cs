using GroundStation.Messaging.Protocol;

namespace GroundStation.Messaging.Broker.Persistence;

/// <summary>
/// The store of a broker without a data directory: sessions and retained messages live only in the broker's memory,
/// so there is nothing to write and every barrier is passed at once.
/// </summary>
internal sealed class MemoryBrokerStore : IBrokerStore
{
    /// <inheritdoc />
    public BrokerStoreContents Load() => new([], []);

    /// <inheritdoc />
    public void WhenDurable(Action<bool> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        callback(true);
    }

    /// <inheritdoc />
    public void SaveSession(string clientId)
    {
    }

    /// <inheritdoc />
    public void DeleteSession(string clientId)
    {
    }

    /// <inheritdoc />
    public void SaveSubscription(string clientId, TopicFilter filter, MqttQualityOfService qos)
    {
    }

    /// <inheritdoc />
    public void DeleteSubscription(string clientId, TopicFilter filter)
    {
    }

    /// <inheritdoc />
    public void SaveQueued(string clientId, long sequence, BrokerMessage message, MqttQualityOfService qos)
    {
    }

    /// <inheritdoc />
    public void MarkReleased(string clientId, long sequence, ushort packetId)
    {
    }

    /// <inheritdoc />
    public void DeleteQueued(string clientId, long sequence)
    {
    }

    /// <inheritdoc />
    public void SaveInboundQos2(string clientId, ushort packetId)
    {
    }

    /// <inheritdoc />
    public void DeleteInboundQos2(string clientId, ushort packetId)
    {
    }

    /// <inheritdoc />
    public void SaveRetained(BrokerMessage message)
    {
    }

    /// <inheritdoc />
    public void DeleteRetained(TopicName topic)
    {
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
