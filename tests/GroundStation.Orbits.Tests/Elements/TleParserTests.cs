using GroundStation.Orbits.Elements;

namespace GroundStation.Orbits.Tests.Elements;

public class TleParserTests
{
    [Fact]
    public void Parses_every_field_of_a_known_tle()
    {
        var tle = TleParser.Parse(TleText.IssLine1, TleText.IssLine2, "ISS (ZARYA)");
        var e = tle.Elements;

        Assert.Equal(25544, e.Id.Value);
        Assert.Equal("ISS (ZARYA)", e.Name);
        Assert.Equal('U', e.Classification);
        Assert.Equal("98067A", e.InternationalDesignator);
        // 2014 day 20.93268519: 2014-01-20 is JD 2456677.5 at midnight.
        Assert.Equal(2456677.5, e.Epoch.Day);
        Assert.Equal(0.93268519, e.Epoch.Fraction, 12);
        Assert.Equal(0.00009878, e.MeanMotionDot);
        Assert.Equal(0.0, e.MeanMotionDdot);
        Assert.Equal(0.18200e-3, e.BStar, 15);
        Assert.Equal(508, e.ElementSetNumber);
        Assert.Equal(51.6498, e.InclinationDeg);
        Assert.Equal(109.4756, e.RaanDeg);
        Assert.Equal(0.0003572, e.Eccentricity);
        Assert.Equal(55.9686, e.ArgPerigeeDeg);
        Assert.Equal(274.8005, e.MeanAnomalyDeg);
        Assert.Equal(15.49815350, e.MeanMotionRevPerDay);
        Assert.Equal(86847, e.RevolutionNumber);
        Assert.Equal(TleText.IssLine1, tle.Line1);
        Assert.Equal(TleText.IssLine2, tle.Line2);
    }

    [Theory]
    [InlineData("56", 2056)]
    [InlineData("00", 2000)]
    [InlineData("57", 1957)]
    [InlineData("99", 1999)]
    public void Two_digit_years_below_57_are_in_the_21st_century(string yy, int year)
    {
        var tle = TleParser.Parse(TleText.Patch(TleText.IssLine1, 19, yy), TleText.IssLine2);

        Assert.Equal(new DateTime(year, 1, 20, 0, 0, 0, DateTimeKind.Utc), tle.Elements.Epoch.ToDateTime().UtcDateTime.Date);
    }

    [Theory]
    [InlineData(" 12345-3", 0.12345e-3)]
    [InlineData("-12345-3", -0.12345e-3)]
    [InlineData("+12345+1", 1.2345)]
    [InlineData(" 00000+0", 0.0)]
    [InlineData(" 50000-9", 0.5e-9)]
    public void Assumed_decimal_exponent_fields_are_read(string field, double expected)
    {
        var tle = TleParser.Parse(TleText.Patch(TleText.IssLine1, 54, field), TleText.IssLine2);

        Assert.Equal(expected, tle.Elements.BStar, 1e-15);
    }

    [Fact]
    public void A_blank_international_designator_is_empty()
    {
        var tle = TleParser.Parse(TleText.Patch(TleText.IssLine1, 10, "        "), TleText.IssLine2);

        Assert.Equal(string.Empty, tle.Elements.InternationalDesignator);
    }

    [Theory]
    [InlineData("A0001", 100001)]
    [InlineData("H9999", 179999)]
    [InlineData("J0000", 180000)]
    [InlineData("Z9999", 339999)]
    [InlineData("    5", 5)]
    public void Alpha5_and_blank_padded_catalog_numbers_are_read(string field, int expected)
    {
        var line1 = TleText.Patch(TleText.IssLine1, 3, field);
        var line2 = TleText.Patch(TleText.IssLine2, 3, field);

        Assert.Equal(expected, TleParser.Parse(line1, line2).Elements.Id.Value);
    }

    [Fact]
    public void Trailing_white_space_and_carriage_returns_are_ignored()
    {
        var tle = TleParser.Parse(TleText.IssLine1 + "  \r", TleText.IssLine2 + "\r\n");

        Assert.Equal(TleText.IssLine1, tle.Line1);
    }

    [Fact]
    public void A_bad_checksum_names_the_line_and_the_expected_digit()
    {
        var bad = TleText.IssLine2[..68] + "0";

        var e = Assert.Throws<TleFormatException>(() => TleParser.Parse(TleText.IssLine1, bad));

        Assert.Equal("TLE line 2, column 69: checksum mismatch: the line says 0, expected digit 3", e.Message);
        Assert.Equal(2, e.LineNumber);
        Assert.Equal(69, e.FirstColumn);
    }

    [Fact]
    public void The_legacy_option_accepts_bad_checksums()
    {
        var bad = TleText.IssLine1[..68] + "9";

        var tle = TleParser.Parse(bad, TleText.IssLine2, options: new TleParseOptions { AcceptBadChecksums = true });

        Assert.Equal(25544, tle.Elements.Id.Value);
    }

    [Fact]
    public void Checksums_count_minus_signs_as_one()
    {
        // Real lines with minus signs whose published checksums are right.
        Assert.Equal(5, TleParser.ComputeChecksum("1 04632U 70093B   04031.91070959 -.00000084  00000-0  10000-3 0  9955"));
        Assert.Equal(3, TleParser.ComputeChecksum(TleText.IssLine2));
        Assert.Equal(2, TleParser.ComputeChecksum(TleText.IssLine1));
    }

    [Theory]
    [MemberData(nameof(MalformedInputs))]
    public void Each_malformed_input_class_gets_a_message_naming_where_and_what(
        string description, string line1, string line2, string expectedMessage)
    {
        var e = Assert.Throws<TleFormatException>(() => TleParser.Parse(line1, line2));

        Assert.True(expectedMessage == e.Message, $"{description}: got '{e.Message}'");
    }

    public static TheoryData<string, string, string, string> MalformedInputs()
    {
        var l1 = TleText.IssLine1;
        var l2 = TleText.IssLine2;
        return new TheoryData<string, string, string, string>
        {
            { "short line", l1[..60], l2, "TLE line 1: expected 69 characters, found 60" },
            { "text after column 69", l1, l2 + " 0.0 1440.0 120.0", "TLE line 2, columns 70-86: expected the line to end at column 69, found ' 0.0 1440.0 120.0'" },
            { "wrong line number", l2, l2, "TLE line 1, column 1: expected line number '1', found '2'" },
            { "non-digit checksum", l1[..68] + "x", l2, "TLE line 1, column 69: expected a checksum digit, found 'x'" },
            { "missing separator", TleText.Patch(l1, 9, "X"), l2, "TLE line 1, column 9: expected a blank separator, found 'X'" },
            { "bad catalog number", TleText.Patch(l1, 3, "25X44"), l2, "TLE line 1, columns 3-7: catalog number: expected five digits or Alpha-5 (letter and four digits), found '25X44'" },
            { "catalog numbers differ", l1, TleText.Patch(l2, 3, "25545"), "TLE line 2, columns 3-7: expected the catalog number of line 1 (25544), found 25545" },
            { "bad classification", TleText.Patch(l1, 8, "X"), l2, "TLE line 1, column 8: classification: expected U, C or S, found 'X'" },
            { "bad designator", TleText.Patch(l1, 10, "98-67A  "), l2, "TLE line 1, columns 10-17: international designator: expected blank or YYNNN and 1-3 letters, found '98-67A'" },
            { "bad epoch year", TleText.Patch(l1, 19, "1X"), l2, "TLE line 1, columns 19-20: epoch year: expected two digits, found '1X'" },
            { "day of year out of range", TleText.Patch(l1, 21, "366.50000000"), l2, "TLE line 1, columns 21-32: epoch day of year: expected a day of 2014 from 1 to 366 exclusive such as '123.45678901', found '366.50000000'" },
            { "day of year not a number", TleText.Patch(l1, 21, "020.9326851x"), l2, "TLE line 1, columns 21-32: epoch day of year: expected a day of 2014 from 1 to 366 exclusive such as '123.45678901', found '020.9326851x'" },
            { "bad first derivative", TleText.Patch(l1, 34, " .0000987e"), l2, "TLE line 1, columns 34-43: first derivative of mean motion: expected a signed decimal such as ' .00012345', found ' .0000987e'" },
            { "bad second derivative", TleText.Patch(l1, 45, " 00000 0"), l2, "TLE line 1, columns 45-52: second derivative of mean motion: expected an assumed-decimal number such as ' 12345-3' (sign, 5 digits, exponent sign and digit), found ' 00000 0'" },
            { "bad B*", TleText.Patch(l1, 54, " 1.200-3"), l2, "TLE line 1, columns 54-61: B* drag term: expected an assumed-decimal number such as ' 12345-3' (sign, 5 digits, exponent sign and digit), found ' 1.200-3'" },
            { "bad ephemeris type", TleText.Patch(l1, 63, "X"), l2, "TLE line 1, column 63: ephemeris type: expected a digit or blank, found 'X'" },
            { "bad element set number", TleText.Patch(l1, 65, " 5O8"), l2, "TLE line 1, columns 65-68: element set number: expected digits (right-aligned), found ' 5O8'" },
            { "bad inclination", l1, TleText.Patch(l2, 9, " 51,6498"), "TLE line 2, columns 9-16: inclination: expected degrees from 0 to 180 such as ' 51.6416', found ' 51,6498'" },
            { "inclination out of range", l1, TleText.Patch(l2, 9, "181.6498"), "TLE line 2, columns 9-16: inclination: expected degrees from 0 to 180 such as ' 51.6416', found '181.6498'" },
            { "bad eccentricity", l1, TleText.Patch(l2, 27, ".000357"), "TLE line 2, columns 27-33: eccentricity: expected seven digits after an implied decimal point, found '.000357'" },
            { "bad mean motion", l1, TleText.Patch(l2, 53, "15.4981535 "), "TLE line 2, columns 53-63: mean motion: expected revolutions per day above 0 such as '15.72125391', found '15.4981535 '" },
            { "zero mean motion", l1, TleText.Patch(l2, 53, " 0.00000000"), "TLE line 2, columns 53-63: mean motion: expected revolutions per day above 0 such as '15.72125391', found ' 0.00000000'" },
            { "node out of range", l1, TleText.Patch(l2, 18, "360.0001"), "TLE line 2, columns 18-25: right ascension of the ascending node: expected degrees from 0 to 360 such as '247.4627', found '360.0001'" },
            { "bad revolution number", l1, TleText.Patch(l2, 64, "8684-"), "TLE line 2, columns 64-68: revolution number: expected digits (right-aligned), found '8684-'" },
        };
    }
}
