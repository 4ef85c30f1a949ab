using System.Security.Cryptography;
using System.Text;

namespace GroundStation.Iam.Keys;

/// <summary>SHA-256 of a key: the only form in which a key is stored or compared.</summary>
public sealed class ApiKeyHash : IEquatable<ApiKeyHash>
{
    private readonly byte[] _bytes;

    private ApiKeyHash(byte[] bytes) => _bytes = bytes;

    /// <summary>The 32 hash bytes (a copy).</summary>
    public byte[] ToArray() => (byte[])_bytes.Clone();

    /// <summary>Hashes a key's text.</summary>
    public static ApiKeyHash Of(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new ApiKeyHash(SHA256.HashData(Encoding.ASCII.GetBytes(key)));
    }

    /// <summary>Wraps 32 stored hash bytes.</summary>
    public static ApiKeyHash FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException($"A key hash has {SHA256.HashSizeInBytes} bytes, not {bytes.Length}.", nameof(bytes));
        }

        return new ApiKeyHash((byte[])bytes.Clone());
    }

    /// <summary>Compares in constant time.</summary>
    public bool Equals(ApiKeyHash? other) => other is not null && CryptographicOperations.FixedTimeEquals(_bytes, other._bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ApiKeyHash);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);

    /// <summary>Lower-case hex, for cache keys.</summary>
    public override string ToString() => Convert.ToHexStringLower(_bytes);
}
