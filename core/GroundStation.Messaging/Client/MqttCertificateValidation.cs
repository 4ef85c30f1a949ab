using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GroundStation.Messaging.Client;

/// <summary>Decides whether a broker's TLS certificate is acceptable under <see cref="MqttTlsOptions"/>.</summary>
internal static class MqttCertificateValidation
{
    /// <summary>
    /// The host name must always match. Then: a pinned SHA-256 fingerprint accepts the certificate on its own; a
    /// private root set replaces the system store (revocation is not checked: private CAs rarely publish CRLs);
    /// otherwise the system's verdict stands.
    /// </summary>
    public static bool Accept(MqttTlsOptions tls, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        if (tls.PinnedSha256Fingerprints is { Count: > 0 } pins)
        {
            var fingerprint = Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));
            return pins.Any(pin => string.Equals(pin.Replace(":", string.Empty, StringComparison.Ordinal), fingerprint,
                StringComparison.OrdinalIgnoreCase));
        }

        if (tls.TrustedRoots is { Count: > 0 } roots)
        {
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(roots);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null)
            {
                foreach (var element in chain.ChainElements)
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return custom.Build(leaf);
        }

        return errors == SslPolicyErrors.None;
    }
}
