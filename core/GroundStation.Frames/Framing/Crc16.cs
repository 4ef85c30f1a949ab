namespace GroundStation.Frames.Framing;

/// <summary>
/// The two 16-bit CRCs the link layers use. Both are table-driven; the tables are computed once per process and
/// never change, so they are safe to share.
/// </summary>
public static class Crc16
{
    private static readonly ushort[] X25Table = BuildReflectedTable(0x8408);
    private static readonly ushort[] CcittTable = BuildNormalTable(0x1021);

    /// <summary>
    /// CRC-16/X.25 (the AX.25 and HDLC FCS): polynomial 0x1021 reflected, initial value 0xFFFF, result inverted.
    /// Check value for "123456789" is 0x906E. The FCS goes on the air low byte first.
    /// </summary>
    public static ushort X25(ReadOnlySpan<byte> data)
    {
        ushort crc = 0xFFFF;
        foreach (var b in data)
        {
            crc = (ushort)((crc >> 8) ^ X25Table[(crc ^ b) & 0xFF]);
        }

        return (ushort)~crc;
    }

    /// <summary>
    /// CRC-16-CCITT as the CCSDS frame error control field uses it (CRC-16/CCITT-FALSE): polynomial 0x1021,
    /// initial value 0xFFFF, not reflected, not inverted. Check value for "123456789" is 0x29B1. Sent high byte first.
    /// </summary>
    public static ushort Ccitt(ReadOnlySpan<byte> data)
    {
        ushort crc = 0xFFFF;
        foreach (var b in data)
        {
            crc = (ushort)((crc << 8) ^ CcittTable[((crc >> 8) ^ b) & 0xFF]);
        }

        return crc;
    }

    private static ushort[] BuildReflectedTable(ushort reflectedPolynomial)
    {
        var table = new ushort[256];
        for (var i = 0; i < 256; i++)
        {
            var value = (ushort)i;
            for (var bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? (ushort)((value >> 1) ^ reflectedPolynomial) : (ushort)(value >> 1);
            }

            table[i] = value;
        }

        return table;
    }

    private static ushort[] BuildNormalTable(ushort polynomial)
    {
        var table = new ushort[256];
        for (var i = 0; i < 256; i++)
        {
            var value = (ushort)(i << 8);
            for (var bit = 0; bit < 8; bit++)
            {
                value = (value & 0x8000) != 0 ? (ushort)((value << 1) ^ polynomial) : (ushort)(value << 1);
            }

            table[i] = value;
        }

        return table;
    }
}
