using System.Security.Cryptography;
using System.Text;

namespace GroundStation.Messaging.Contracts;

/// <summary>
/// The core's ECDSA P-256 key that signs pass plans and telecommands (<see cref="SignedEnvelope"/>). The core holds the
/// private key as a PEM file in its data directory; stations hold the public half. The key id is derived from the
/// public key (<c>core-</c> + the first 8 hex digits of SHA-256 over the SubjectPublicKeyInfo), so a station can tell
/// which of its trusted keys signed a message without any registry of names.
/// </summary>
public sealed class CoreSigningKey : IDisposable
{
    private CoreSigningKey(ECDsa key, bool hasPrivateKey)
    {
        Key = key;
        HasPrivateKey = hasPrivateKey;
        KeyId = DeriveKeyId(key);
    }

    /// <summary>The key (private for the core, public-only for a station).</summary>
    public ECDsa Key { get; }

    /// <summary>The id bound into every envelope this key signs.</summary>
    public string KeyId { get; }

    /// <summary>True when this instance can sign.</summary>
    public bool HasPrivateKey { get; }

    /// <summary>A new random key (tests, and the first start of a core).</summary>
    public static CoreSigningKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), hasPrivateKey: true);

    /// <summary>
    /// Loads the private key from <paramref name="pemPath"/>, or creates it there (owner-only permissions on Unix) when
    /// the file does not exist: the core's key must survive restarts, or every station would distrust it.
    /// </summary>
    /// <exception cref="InvalidDataException">The file exists but holds no P-256 private key.</exception>
    public static CoreSigningKey LoadOrCreate(string pemPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(pemPath);
        if (File.Exists(pemPath))
        {
            return FromPrivatePem(File.ReadAllText(pemPath), pemPath);
        }

        var created = Generate();
        var directory = Path.GetDirectoryName(Path.GetFullPath(pemPath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // Written to a temporary name first, so a crash never leaves a half-written key that would fail the next start.
        var temporary = pemPath + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(created.Key.ExportPkcs8PrivateKeyPem());
        }

        File.Move(temporary, pemPath, overwrite: false);
        return created;
    }

    /// <summary>Reads a PKCS#8 or SEC1 private key PEM.</summary>
    /// <param name="pem">The PEM text.</param>
    /// <param name="source">Where it came from, named in errors.</param>
    /// <exception cref="InvalidDataException">No P-256 private key in the text.</exception>
    public static CoreSigningKey FromPrivatePem(string pem, string source)
    {
        var key = ImportPem(pem, source);
        try
        {
            _ = key.ExportParameters(includePrivateParameters: true);
        }
        catch (CryptographicException)
        {
            key.Dispose();
            throw new InvalidDataException($"{source}: the PEM holds no private key.");
        }

        return new CoreSigningKey(key, hasPrivateKey: true);
    }

    /// <summary>Reads a public key PEM (SubjectPublicKeyInfo), as a station's configuration holds it.</summary>
    /// <param name="pem">The PEM text.</param>
    /// <param name="source">Where it came from, named in errors.</param>
    /// <exception cref="InvalidDataException">No P-256 key in the text.</exception>
    public static CoreSigningKey FromPublicPem(string pem, string source) => new(ImportPem(pem, source), hasPrivateKey: false);

    /// <summary>The public half as PEM, for distribution to stations.</summary>
    public string ExportPublicPem() => Key.ExportSubjectPublicKeyInfoPem();

    /// <summary>Signs a message into an envelope.</summary>
    /// <exception cref="InvalidOperationException">This instance holds only a public key.</exception>
    public SignedEnvelope Sign<T>(T message)
        where T : IVersionedMessage
    {
        if (!HasPrivateKey)
        {
            throw new InvalidOperationException($"Key {KeyId} is public only and cannot sign.");
        }

        return SignedEnvelope.Sign(message, Key, KeyId);
    }

    /// <summary>The trust function <see cref="SignedEnvelope.Open{T}"/> takes, trusting only this key.</summary>
    public ECDsa? Resolve(string keyId) => string.Equals(keyId, KeyId, StringComparison.Ordinal) ? Key : null;

    /// <inheritdoc />
    public void Dispose() => Key.Dispose();

    private static ECDsa ImportPem(string pem, string source)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception error) when (error is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidDataException($"{source}: not an EC key PEM ({error.Message}).", error);
        }

        if (key.KeySize != 256 || key.ExportParameters(false).Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            key.Dispose();
            throw new InvalidDataException($"{source}: the key is not on curve P-256.");
        }

        return key;
    }

    private static string DeriveKeyId(ECDsa key)
    {
        var hash = SHA256.HashData(key.ExportSubjectPublicKeyInfo());
        return "core-" + Convert.ToHexStringLower(hash.AsSpan(0, 4));
    }
}
