using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GroundStation.Messaging.Client;
using GroundStation.Messaging.Protocol;
using GroundStation.Testing;
using static GroundStation.Messaging.Tests.Conformance.MqttTestClients;

namespace GroundStation.Messaging.Tests.Client;

/// <summary>TLS to a real mosquitto TLS listener, with certificates made for the test run by a private CA.</summary>
public sealed class TlsTests : IAsyncLifetime
{
    private static readonly TimeSpan RefusalWindow = TimeSpan.FromSeconds(1);
    private readonly string _directory = Directory.CreateTempSubdirectory("gs-tls-").FullName;
    private X509Certificate2 _ca = null!;
    private X509Certificate2 _server = null!;
    private X509Certificate2 _client = null!;
    private MosquittoBroker _broker = null!;

    public async Task InitializeAsync()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=GroundStation Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        _ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        _server = Issue("CN=localhost", serverAuth: true);
        _client = Issue("CN=station-1", serverAuth: false);
        var ca = Write("ca.pem", _ca.ExportCertificatePem());
        var cert = Write("server.pem", _server.ExportCertificatePem());
        var key = Write("server.key", _server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        _broker = await MosquittoBroker.StartAsync(new MosquittoSettings { Tls = new MosquittoTls(cert, key, ca, RequireClientCertificate: true) });
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        _ca.Dispose();
        _server.Dispose();
        _client.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_private_ca_and_a_client_certificate_give_a_working_connection()
    {
        await using var client = await ConnectAsync(TlsOptions(new MqttTlsOptions
        {
            TargetHost = "localhost",
            TrustedRoots = [_ca],
            ClientCertificate = _client,
        }));
        await client.SubscribeAsync(TopicFilter.Parse("tls/echo"), MqttQualityOfService.AtLeastOnce);

        await client.PublishTextAsync("tls/echo", "over tls");

        Assert.Equal("over tls", Text(await client.NextAsync("the message over TLS")));
    }

    [Fact]
    public async Task A_pinned_server_certificate_is_accepted_without_a_trusted_chain()
    {
        var pin = Convert.ToHexString(_server.GetCertHash(HashAlgorithmName.SHA256));

        await using var client = await ConnectAsync(TlsOptions(new MqttTlsOptions
        {
            TargetHost = "localhost",
            PinnedSha256Fingerprints = [pin],
            ClientCertificate = _client,
        }));

        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task An_untrusted_server_certificate_is_refused()
    {
        await AssertNeverConnectsAsync(new MqttTlsOptions { TargetHost = "localhost", ClientCertificate = _client });
        await AssertNeverConnectsAsync(new MqttTlsOptions
        {
            TargetHost = "localhost",
            PinnedSha256Fingerprints = [new string('0', 64)],
            ClientCertificate = _client,
        });
        await AssertNeverConnectsAsync(new MqttTlsOptions { TargetHost = "not-localhost", TrustedRoots = [_ca], ClientCertificate = _client });
    }

    [Fact]
    public async Task The_broker_refuses_a_client_without_a_certificate()
    {
        await AssertNeverConnectsAsync(new MqttTlsOptions { TargetHost = "localhost", TrustedRoots = [_ca] });
    }

    private MqttClientOptions TlsOptions(MqttTlsOptions tls) =>
        Options(_broker.Host, _broker.Port, UniqueId("tls")) with { Tls = tls };

    private async Task AssertNeverConnectsAsync(MqttTlsOptions tls)
    {
        await using var client = new MqttClient(TlsOptions(tls), TimeProvider.System);
        using var window = new CancellationTokenSource(RefusalWindow);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ConnectAsync(window.Token));
        Assert.False(client.IsConnected);
    }

    private X509Certificate2 Issue(string subject, bool serverAuth)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        using var issued = request.Create(_ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12),
            RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }

    private string Write(string name, string pem)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, pem);
        return path;
    }
}
