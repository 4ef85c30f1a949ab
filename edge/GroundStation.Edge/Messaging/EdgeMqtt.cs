using System.Security.Cryptography.X509Certificates;
using System.Text;
using GroundStation.Edge.Configuration;
using GroundStation.Messaging.Client;
using GroundStation.Messaging.Contracts;
using GroundStation.Messaging.Protocol;

namespace GroundStation.Edge.Messaging;

/// <summary>The agent's MQTT client settings (docs/MESSAGING.md): persistent session, station credentials, last will.</summary>
public static class EdgeMqtt
{
    /// <summary>
    /// Client options: client id = station id with a persistent session (commands sent while the agent is offline wait
    /// in the broker), the station's API key as password, and Offline (retained) as the last will.
    /// </summary>
    /// <exception cref="ConfigurationException">The API key file or the CA file cannot be read.</exception>
    public static MqttClientOptions Options(EdgeConfiguration configuration, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var station = configuration.Station.Id;
        var broker = configuration.Broker;
        ReadOnlyMemory<byte>? password = null;
        if (broker.ApiKeyFile is { } keyFile)
        {
            try
            {
                password = Encoding.UTF8.GetBytes(File.ReadAllText(keyFile).Trim());
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new ConfigurationException($"broker.apiKeyFile: cannot read '{keyFile}': {error.Message}", error);
            }
        }

        MqttTlsOptions? tls = null;
        if (broker.Tls)
        {
            X509Certificate2Collection? roots = null;
            if (broker.TlsCaFile is { } caFile)
            {
                roots = [];
                try
                {
                    roots.ImportFromPemFile(caFile);
                }
                catch (Exception error) when (error is IOException or System.Security.Cryptography.CryptographicException)
                {
                    throw new ConfigurationException($"broker.tlsCaFile: cannot read '{caFile}': {error.Message}", error);
                }
            }

            tls = new MqttTlsOptions { TargetHost = broker.TlsServerName, TrustedRoots = roots };
        }

        var will = new StationPresence(StationPresence.CurrentVersion, station, PresenceState.Offline, now);
        return new MqttClientOptions
        {
            Host = broker.Host,
            Port = broker.Port,
            ClientId = station.Value,
            CleanSession = false,
            UserName = broker.UserName,
            Password = password,
            Tls = tls,
            KeepAlive = TimeSpan.FromSeconds(15),
            ReconnectMinimumDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaximumDelay = TimeSpan.FromSeconds(5),
            Will = new MqttWill(GroundStationTopics.Presence(station), GroundStationMessages.Encode(will), MqttQualityOfService.AtLeastOnce, Retain: true),
        };
    }
}
