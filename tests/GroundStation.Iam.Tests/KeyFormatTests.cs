using System.Text;
using GroundStation.Iam.Keys;

namespace GroundStation.Iam.Tests;

public class KeyFormatTests
{
    [Fact]
    public void Crc32_gives_the_iso_hdlc_check_value() =>
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));

    [Theory]
    [InlineData(ApiKeyKind.Operator, ApiKeyEnvironment.Live, "gs_o_live_")]
    [InlineData(ApiKeyKind.Automation, ApiKeyEnvironment.Test, "gs_a_test_")]
    [InlineData(ApiKeyKind.EdgeAgent, ApiKeyEnvironment.Live, "gs_e_live_")]
    public void Generated_keys_have_the_prefix_43_secret_digits_and_6_check_digits_and_parse_back(ApiKeyKind kind, ApiKeyEnvironment environment, string prefix)
    {
        var key = ApiKey.Generate(kind, environment);
        var text = key.Reveal();
        Assert.StartsWith(prefix, text, StringComparison.Ordinal);
        Assert.Equal(prefix.Length + 43 + 6, text.Length);
        Assert.True(ApiKey.TryParse(text, out var parsed));
        Assert.Equal(kind, parsed!.Kind);
        Assert.Equal(environment, parsed.Environment);
        Assert.Equal(key.Hash(), parsed.Hash());
    }

    [Fact]
    public void Every_single_character_typo_is_caught_by_the_checksum()
    {
        var text = ApiKey.Generate(ApiKeyKind.Operator, ApiKeyEnvironment.Live).Reveal();
        for (var i = 10; i < text.Length; i++)
        {
            var chars = text.ToCharArray();
            chars[i] = chars[i] == 'a' ? 'b' : 'a';
            Assert.False(ApiKey.TryParse(new string(chars), out _), $"typo at {i} passed");
        }
    }

    [Fact]
    public void The_stub_and_ToString_never_show_the_secret()
    {
        var key = ApiKey.Generate(ApiKeyKind.Operator, ApiKeyEnvironment.Live);
        var secret = key.Reveal()[10..^6];
        Assert.DoesNotContain(secret, key.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret[4..12], key.Stub, StringComparison.Ordinal);
        Assert.StartsWith("gs_o_live_", key.Stub, StringComparison.Ordinal);
    }

    [Fact]
    public void Look_alikes_nul_whitespace_and_oversize_do_not_parse()
    {
        var text = ApiKey.Generate(ApiKeyKind.Operator, ApiKeyEnvironment.Live).Reveal();
        Assert.False(ApiKey.TryParse(text.Replace('o', '\u043E'), out _)); // Cyrillic o
        Assert.False(ApiKey.TryParse(text[..20] + "\0" + text[21..], out _));
        Assert.False(ApiKey.TryParse(" " + text, out _));
        Assert.False(ApiKey.TryParse(text + text, out _));
        Assert.False(ApiKey.TryParse("gh_o_live_" + text[10..], out _));
        Assert.False(ApiKey.TryParse(string.Empty, out _));
        Assert.False(ApiKey.TryParse(null, out _));
    }
}
