using System.Security.Cryptography;
using System.Text;

namespace GroundStation.Iam.Keys;

/// <summary>Who a key is for; the letter after <c>gs_</c>.</summary>
public enum ApiKeyKind
{
    /// <summary>A person at a console (<c>o</c>).</summary>
    Operator,

    /// <summary>A script or scheduler (<c>a</c>).</summary>
    Automation,

    /// <summary>The edge agent of one station (<c>e</c>).</summary>
    EdgeAgent,
}

/// <summary>Which environment a key works in; test keys never authorise live operations.</summary>
public enum ApiKeyEnvironment
{
    /// <summary>Production (<c>live</c>).</summary>
    Live,

    /// <summary>Test and staging (<c>test</c>).</summary>
    Test,
}

/// <summary>
/// An API key in its full, secret form: <c>gs_{kind}_{env}_{secret}{check}</c>, the secret being 256 random bits in
/// 43 base62 digits and the check the CRC-32 of everything before it in 6 base62 digits. <see cref="ToString"/>
/// gives the display stub, never the secret, so that a key passed to a logger by mistake does not leak.
/// </summary>
public sealed class ApiKey
{
    /// <summary>Random bytes in every secret.</summary>
    public const int SecretBytes = 32;

    /// <summary>Base62 digits of the checksum.</summary>
    public const int ChecksumLength = 6;

    /// <summary>Base62 digits of the secret.</summary>
    public static readonly int SecretLength = Base62.WidthFor(SecretBytes);

    private readonly string _value;

    private ApiKey(string value, ApiKeyKind kind, ApiKeyEnvironment environment)
    {
        _value = value;
        Kind = kind;
        Environment = environment;
    }

    /// <summary>Who the key is for.</summary>
    public ApiKeyKind Kind { get; }

    /// <summary>The environment the key works in.</summary>
    public ApiKeyEnvironment Environment { get; }

    /// <summary>Length of every well-formed key, e.g. 59 for a live key.</summary>
    public static int LengthOf(ApiKeyEnvironment environment) => PrefixOf(ApiKeyKind.Operator, environment).Length + SecretLength + ChecksumLength;

    /// <summary>The human-readable stub: the prefix, four secret digits and the end of the checksum.</summary>
    public string Stub => Stub_(_value);

    /// <summary>The key itself. Call only to hand it to its owner once, or to send it to the IAM service.</summary>
    public string Reveal() => _value;

    /// <summary>SHA-256 of the key; what the store keeps.</summary>
    public ApiKeyHash Hash() => ApiKeyHash.Of(_value);

    /// <inheritdoc />
    public override string ToString() => Stub;

    /// <summary>Makes a new key from <see cref="RandomNumberGenerator"/> bytes.</summary>
    public static ApiKey Generate(ApiKeyKind kind, ApiKeyEnvironment environment)
    {
        Span<byte> secret = stackalloc byte[SecretBytes];
        RandomNumberGenerator.Fill(secret);
        var body = PrefixOf(kind, environment) + Base62.Encode(secret, SecretLength);
        CryptographicOperations.ZeroMemory(secret);
        return new ApiKey(body + Checksum(body), kind, environment);
    }

    /// <summary>
    /// Checks shape and checksum without touching any store: ASCII only, exact length, known prefix, base62 secret and a
    /// matching CRC. Null, empty, whitespace, look-alike characters, NUL and oversized input all come back false.
    /// </summary>
    public static bool TryParse(string? text, out ApiKey? key)
    {
        key = null;
        var longest = LengthOf(ApiKeyEnvironment.Live);
        if (text is null || text.Length < LengthOf(ApiKeyEnvironment.Test) || text.Length > longest ||
            !text.StartsWith("gs_", StringComparison.Ordinal) || text[4] != '_')
        {
            return false;
        }

        ApiKeyKind? parsedKind = text[3] switch
        {
            'o' => ApiKeyKind.Operator,
            'a' => ApiKeyKind.Automation,
            'e' => ApiKeyKind.EdgeAgent,
            _ => null,
        };
        if (parsedKind is not { } kind)
        {
            return false;
        }

        ApiKeyEnvironment environment;
        if (text.AsSpan(5).StartsWith("live_", StringComparison.Ordinal))
        {
            environment = ApiKeyEnvironment.Live;
        }
        else if (text.AsSpan(5).StartsWith("test_", StringComparison.Ordinal))
        {
            environment = ApiKeyEnvironment.Test;
        }
        else
        {
            return false;
        }

        var prefixLength = PrefixOf(kind, environment).Length;
        if (text.Length != LengthOf(environment))
        {
            return false;
        }

        foreach (var c in text.AsSpan(prefixLength))
        {
            if (!Base62.IsDigit(c))
            {
                return false;
            }
        }

        var body = text[..^ChecksumLength];
        var expected = Encoding.ASCII.GetBytes(Checksum(body));
        var actual = Encoding.ASCII.GetBytes(text[^ChecksumLength..]);
        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            return false;
        }

        key = new ApiKey(text, kind, environment);
        return true;
    }

    /// <summary>The prefix for a kind and environment, e.g. <c>gs_e_live_</c>.</summary>
    public static string PrefixOf(ApiKeyKind kind, ApiKeyEnvironment environment) =>
        $"gs_{KindLetter(kind)}_{(environment == ApiKeyEnvironment.Live ? "live" : "test")}_";

    /// <summary>The letter that names <paramref name="kind"/> in a key.</summary>
    public static char KindLetter(ApiKeyKind kind) => kind switch
    {
        ApiKeyKind.Operator => 'o',
        ApiKeyKind.Automation => 'a',
        ApiKeyKind.EdgeAgent => 'e',
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown key kind."),
    };

    private static string Checksum(string body) => Base62.Encode(Crc32.Compute(Encoding.ASCII.GetBytes(body)), ChecksumLength);

    private static string Stub_(string value)
    {
        var prefixLength = value.Length - SecretLength - ChecksumLength;
        return string.Concat(value.AsSpan(0, prefixLength + 4), "...", value.AsSpan(value.Length - 4));
    }
}
