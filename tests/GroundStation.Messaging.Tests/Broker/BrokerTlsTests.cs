using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GroundStation.Messaging.Broker;
using GroundStation.Testing;

namespace GroundStation.Messaging.Tests.Broker;

/// <summary>The TLS listener, proven with mosquitto_pub and mosquitto_sub verifying the broker's certificate.</summary>
public sealed class BrokerTlsTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly string _directory = Directory.CreateTempSubdirectory("gs-broker-tls-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Mosquitto_clients_publish_and_subscribe_over_the_tls_listener()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var caFile = Path.Combine(_directory, "broker.pem");
        await File.WriteAllTextAsync(caFile, certificate.ExportCertificatePem());

        await using var broker = new MqttBroker(new BrokerOptions
        {
            TcpEndPoint = null,
            TlsEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            TlsCertificate = certificate,
        });
        await broker.StartAsync();
        string[] common = ["-h", "localhost", "-p", broker.TlsEndPoint!.Port.ToString(CultureInfo.InvariantCulture), "--cafile", caFile, "-d"];

        await using var sub = PeerProcess.Start("stdbuf", "coreutils",
            ["-oL", PeerProcess.Require("mosquitto_sub", "mosquitto-clients"), .. common, "-t", "gs/tls", "-q", "1", "-C", "1"]);
        await sub.WaitForLineAsync(line => line.Contains("received SUBACK", StringComparison.Ordinal), Timeout);
        await using var pub = PeerProcess.Start("mosquitto_pub", "mosquitto-clients", [.. common, "-t", "gs/tls", "-m", "sealed", "-q", "1"]);

        await sub.WaitForLineAsync(line => line == "sealed", Timeout);
        Assert.Equal(0, broker.Metrics.InternalErrors);
        Assert.Null(broker.TcpEndPoint);
    }
}
