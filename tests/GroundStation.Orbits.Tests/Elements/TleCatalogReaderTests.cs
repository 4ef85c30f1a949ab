using GroundStation.Orbits.Elements;

namespace GroundStation.Orbits.Tests.Elements;

public class TleCatalogReaderTests
{
    [Fact]
    public void Reads_3le_with_crlf_blank_lines_and_zero_prefixed_names()
    {
        var text = string.Join("\r\n",
            "0 ISS (ZARYA)",
            TleText.IssLine1,
            TleText.IssLine2,
            string.Empty,
            "VANGUARD 1",
            TleText.VanguardLine1,
            TleText.VanguardLine2,
            string.Empty);

        var result = TleCatalogReader.Read(new StringReader(text));

        Assert.Empty(result.Errors);
        Assert.Equal(["ISS (ZARYA)", "VANGUARD 1"], result.Entries.Select(e => e.Name));
        Assert.Equal([25544, 5], result.Entries.Select(e => e.Elements.Id.Value));
        Assert.Equal("ISS (ZARYA)", result.Entries[0].Elements.Name);
    }

    [Fact]
    public void Reads_plain_two_line_sets_without_names()
    {
        var text = string.Join("\n", TleText.IssLine1, TleText.IssLine2, TleText.VanguardLine1, TleText.VanguardLine2);

        var result = TleCatalogReader.Read(new StringReader(text));

        Assert.Empty(result.Errors);
        Assert.All(result.Entries, e => Assert.Null(e.Name));
        Assert.Equal(2, result.Entries.Count);
    }

    [Fact]
    public void Reports_each_bad_entry_with_its_line_number_and_keeps_the_good_ones()
    {
        var badChecksum = TleText.IssLine2[..68] + "0";
        var lines = new[]
        {
            "GOOD ONE",                 // 1
            TleText.VanguardLine1,      // 2
            TleText.VanguardLine2,      // 3
            "BAD CHECKSUM",             // 4
            TleText.IssLine1,           // 5
            badChecksum,                // 6
            "ORPHAN NAME",              // 7
            "LINE 1 ONLY",              // 8
            TleText.IssLine1,           // 9
            "SOMETHING ELSE",           // 10
            TleText.IssLine2,           // 11: a line 2 whose line 1 was already given up on
            "ISS AGAIN",                // 12
            TleText.IssLine1,           // 13
            TleText.IssLine2,           // 14
            "TRAILING NAME",            // 15
        };

        var result = TleCatalogReader.Read(new StringReader(string.Join("\n", lines)));

        Assert.Equal(["GOOD ONE", "ISS AGAIN"], result.Entries.Select(e => e.Name));
        Assert.Equal(
            [
                "line 6: TLE line 2, column 69: checksum mismatch: the line says 0, expected digit 3 (BAD CHECKSUM)",
                "line 7: Name line 'ORPHAN NAME' is not followed by a TLE.",
                "line 9: TLE line 1 is not followed by a line 2.",
                "line 11: TLE line 2 without a line 1 before it.",
                "line 15: Name line 'TRAILING NAME' is not followed by a TLE (end of input).",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_line_1_at_the_end_of_input_is_reported()
    {
        var result = TleCatalogReader.Read(new StringReader(TleText.IssLine1 + "\n"));

        Assert.Empty(result.Entries);
        Assert.Equal("line 1: TLE line 1 is not followed by a line 2 (end of input).", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Comment_lines_are_skipped()
    {
        var text = string.Join("\n", "# comment", TleText.IssLine1, "# between is not allowed to break the pair", TleText.IssLine2);

        var result = TleCatalogReader.Read(new StringReader(text));

        Assert.Empty(result.Errors);
        Assert.Single(result.Entries);
    }

    [Fact]
    public void The_legacy_checksum_option_passes_through()
    {
        var text = string.Join("\n", TleText.IssLine1, TleText.IssLine2[..68] + "0");

        var result = TleCatalogReader.Read(new StringReader(text), new TleParseOptions { AcceptBadChecksums = true });

        Assert.Empty(result.Errors);
        Assert.Single(result.Entries);
    }
}
