namespace GroundStation.Orbits.Elements;

/// <summary>The TLE line checksum: the sum of all digits, counting each minus sign as 1, modulo 10, over columns 1-68.</summary>
internal static class TleChecksum
{
    public const int ChecksummedLength = 68;

    public static int Compute(ReadOnlySpan<char> line)
    {
        var sum = 0;
        var end = Math.Min(line.Length, ChecksummedLength);
        for (var i = 0; i < end; i++)
        {
            var c = line[i];
            if (char.IsAsciiDigit(c))
            {
                sum += c - '0';
            }
            else if (c == '-')
            {
                sum++;
            }
        }

        return sum % 10;
    }
}
