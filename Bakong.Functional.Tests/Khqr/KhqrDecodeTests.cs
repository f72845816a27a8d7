namespace Bakong.Functional.Tests.KhqrCodec;

/// <summary>What the decoder reports, with tag paths, for payloads that break each rule; the texts are pinned in a fixture.</summary>
public class KhqrDecodeTests
{
    public static TheoryData<string> BrokenNames => new(KhqrFixture.Broken().Select(b => b.Name));

    [Theory]
    [MemberData(nameof(BrokenNames))]
    public void Reports_exactly_the_problems_in_the_fixture(string name)
    {
        var broken = KhqrFixture.Broken().Single(b => b.Name == name);
        var qr = Khqr.Decode(broken.Payload);
        Assert.Equal(broken.Problems, qr.Problems.Map(p => p.ToString()).ToArray());
        Assert.Equal(broken.Problems.Length == 0, qr.IsValid);
    }

    [Fact]
    public void The_broken_fixture_covers_every_tag_path_the_rules_name()
    {
        var paths = KhqrFixture.Broken().SelectMany(b => Khqr.Decode(b.Payload).Problems.Map(p => p.Path)).ToHashSet();
        string[] expected = ["", "00", "01", "15", "29", "29.00", "29.01", "29.02", "30", "30.01", "30.02", "52", "53", "54", "58", "59", "60", "62.01", "64.00", "64.01", "99", "99.00", "99.01", "63"];
        Assert.Empty(expected.Except(paths));
    }

    [Fact]
    public void Null_reads_as_the_empty_string()
    {
        var qr = Khqr.Decode(null);
        Assert.Equal("", qr.Payload);
        Assert.Equal(Khqr.Decode("").Problems.Map(p => p.ToString()).ToArray(), qr.Problems.Map(p => p.ToString()).ToArray());
        Assert.False(qr.IsValid);
        Assert.False(qr.CrcHolds);
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", qr.Md5);
    }

    [Fact]
    public void A_lone_surrogate_is_reported_at_its_path_even_with_a_right_crc()
    {
        // JSON fixtures cannot hold a lone surrogate, so this payload is built here; ToCode gives it a right CRC.
        var text = KhqrFixture.Vector("khqr-md-1-individual-dynamic.json").Payload.Replace("5910Jonh Smith", "5910Jonh \uD83DSmit", StringComparison.Ordinal);
        var qr = Khqr.Decode(Khqr.Decode(text).ToCode().Payload);
        Assert.True(qr.CrcHolds);
        Assert.Equal(["59: expected well-formed text, found a lone surrogate character"], qr.Problems.Map(p => p.ToString()).ToArray());
    }

    [Fact]
    public void A_lone_surrogate_in_a_sub_field_is_reported_at_the_sub_field()
    {
        var payload = Khqr.Decode("00020101021229180014jonhsmith@nbc\uDE0052045999530311654035005802KH5910Jonh Smith6010PHNOM PENH9917001317394957787226304FFFF").ToCode().Payload;
        Assert.Equal(
            ["29.00: expected well-formed text, found a lone surrogate character"],
            Khqr.Decode(payload).Problems.Map(p => p.ToString()).ToArray());
    }

    [Fact]
    public void A_wrong_crc_leaves_every_field_readable()
    {
        var qr = Khqr.Decode(KhqrFixture.Broken().Single(b => b.Name == "wrong CRC").Payload);
        Assert.False(qr.CrcHolds);
        Assert.Equal("6895", qr.Crc);
        Assert.Equal(500m, qr.Amount);
        Assert.Equal("Jonh Smith", qr.MerchantName);
    }

    [Fact]
    public void Re_encoding_a_payload_with_a_wrong_crc_writes_the_right_one()
    {
        var broken = KhqrFixture.Broken().Single(b => b.Name == "wrong CRC").Payload;
        Assert.Equal(KhqrFixture.Vector("khqr-md-1-individual-dynamic.json").Payload, Khqr.Decode(broken).ToCode().Payload);
    }

    [Fact]
    public void Re_encoding_drops_what_follows_a_broken_field()
    {
        var valid = KhqrFixture.Vector("khqr-md-1-individual-dynamic.json").Payload;
        var code = Khqr.Decode(valid + "9").ToCode();
        Assert.Equal(valid, code.Payload);
    }

    [Fact]
    public void Values_that_break_a_rule_are_still_read_where_they_have_the_type()
    {
        var qr = Khqr.Decode(KhqrFixture.Broken().Single(b => b.Name == "fractional KHR").Payload);
        Assert.Equal(500.5m, qr.Amount);
        Assert.True(qr.CrcHolds);
        Assert.False(qr.IsValid);
    }

    [Fact]
    public void ToFin_gives_the_payload_when_valid_and_every_problem_as_a_field_error_otherwise()
    {
        var valid = Khqr.Decode(KhqrFixture.Vector("khqr-md-2-merchant-static.json").Payload);
        Assert.True(valid.ToFin().IsSucc);

        var broken = Khqr.Decode(KhqrFixture.Broken().Single(b => b.Name == "empty name, city too long").Payload);
        var error = broken.ToFin().Match(Succ: _ => throw new Xunit.Sdk.XunitException("expected a failure"), Fail: e => Assert.IsType<BakongError.InvalidInput>(e));
        Assert.Equal(
            ["khqr.59: expected 1 to 25 characters, found 0", "khqr.60: expected 1 to 15 characters, found 16"],
            error.Errors.Map(e => e.ToString()).ToArray());
        Assert.Equal(["khqr: expected a two-digit tag at character 0"], Khqr.Decode("hi there").ToFin().Match(_ => [], e => ((BakongError.InvalidInput)e).Errors.Map(x => x.ToString()).Take(1).ToArray()));
    }

    [Fact]
    public void Fields_list_each_template_then_its_sub_fields_in_order()
    {
        var qr = Khqr.Decode(KhqrFixture.Vector("khqr-md-2-merchant-static.json").Payload);
        Assert.Equal(
            ["00", "01", "30", "30.00", "30.01", "30.02", "52", "53", "58", "59", "60", "62", "62.02", "99", "99.00", "63"],
            qr.Fields.Map(f => f.Path).ToArray());
        Assert.Equal("Merchant id", qr.Fields.Find(f => f.Path == "30.01").Map(f => f.Name).IfNone(""));
    }
}
