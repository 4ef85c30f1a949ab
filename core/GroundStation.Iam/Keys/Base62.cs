using System.Numerics;

namespace GroundStation.Iam.Keys;

/// <summary>Fixed-width base62 (0-9, A-Z, a-z) encoding: keys stay copy-and-paste safe and free of separators.</summary>
public static class Base62
{
    /// <summary>The 62 digits in value order.</summary>
    public const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>True when <paramref name="c"/> is one of the 62 digits (ASCII only, so look-alikes fail).</summary>
    public static bool IsDigit(char c) => char.IsAsciiLetterOrDigit(c);

    /// <summary>Encodes an unsigned big-endian number in exactly <paramref name="width"/> digits, zero-padded.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value needs more than <paramref name="width"/> digits.</exception>
    public static string Encode(ReadOnlySpan<byte> bigEndian, int width)
    {
        var value = new BigInteger(bigEndian, isUnsigned: true, isBigEndian: true);
        return Encode(value, width);
    }

    /// <summary>Encodes a 32-bit value in exactly <paramref name="width"/> digits, zero-padded.</summary>
    public static string Encode(uint value, int width) => Encode(new BigInteger(value), width);

    /// <summary>The number of base62 digits that can hold any value of <paramref name="byteCount"/> bytes.</summary>
    public static int WidthFor(int byteCount) => (int)Math.Ceiling(byteCount * 8 / Math.Log2(62));

    private static string Encode(BigInteger value, int width)
    {
        var digits = new char[width];
        for (var i = width - 1; i >= 0; i--)
        {
            value = BigInteger.DivRem(value, 62, out var remainder);
            digits[i] = Alphabet[(int)remainder];
        }

        if (!value.IsZero)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "The value does not fit in that many base62 digits.");
        }

        return new string(digits);
    }
}
