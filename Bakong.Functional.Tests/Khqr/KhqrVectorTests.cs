using Microsoft.Extensions.Time.Testing;

namespace Bakong.Functional.Tests.KhqrCodec;

/// <summary>Golden tests: the two vectors of khqr.md and our own, kept as files under Fixtures/Khqr.</summary>
public class KhqrVectorTests
{
    public static TheoryData<string> Vectors => new(KhqrFixture.VectorFiles);

    public static TheoryData<string> EncodedVectors => new(KhqrSamples.Encoded.Select(e => e.Fixture));

    [Fact]
    public void There_are_both_khqr_md_vectors_and_our_own()
    {
        var files = KhqrFixture.VectorFiles.ToList();
        Assert.Contains("khqr-md-1-individual-dynamic.json", files);
        Assert.Contains("khqr-md-2-merchant-static.json", files);
        Assert.True(files.Count >= 7, string.Join(", ", files));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Decodes_to_the_fields_in_the_fixture(string file)
    {
        var vector = KhqrFixture.Vector(file);
        var qr = Khqr.Decode(vector.Payload);
        Assert.Empty(qr.Problems);
        Assert.True(qr.IsValid);
        Assert.True(qr.CrcHolds);
        Assert.Equal(vector.Fields, qr.Fields.Map(f => f.ToString()).ToArray());
        Assert.Equal(vector.Unknown, qr.Unknown.Map(f => f.Path).ToArray());
        Assert.Equal(vector.Crc, qr.Crc.IfNone(""));
        Assert.Equal(vector.ExpiresAt, qr.ExpiresAt.Case as DateTimeOffset?);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Reencodes_to_itself_with_the_listed_md5(string file)
    {
        var vector = KhqrFixture.Vector(file);
        var code = Khqr.Decode(vector.Payload).ToCode();
        Assert.Equal(vector.Payload, code.Payload);
        Assert.Equal(vector.Md5, code.Md5);
        Assert.Equal(vector.Md5, Khqr.Md5(vector.Payload));
        Assert.Equal(vector.Md5, Khqr.Decode(vector.Payload).Md5);
    }

    [Theory]
    [MemberData(nameof(EncodedVectors))]
    public void Encoding_the_sample_request_gives_the_fixture(string file)
    {
        var vector = KhqrFixture.Vector(file);
        var request = KhqrSamples.Encoded.Single(e => e.Fixture == file).Request;
        var code = Khqr.Encode(request, new FakeTimeProvider(KhqrSamples.Now)).Match(c => c, e => throw new Xunit.Sdk.XunitException(e.ToString()));
        Assert.Equal(vector.Payload, code.Payload);
        Assert.Equal(vector.Md5, code.Md5);
        Assert.Equal(vector.ExpiresAt, code.ExpiresAt.Case as DateTimeOffset?);
        KhqrAssert.DecodesTo(request, KhqrSamples.Now, code);
    }

    [Fact]
    public void Khqr_md_vector_1_holds_an_individual_dynamic_500_khr_qr_created_on_14_february_2025()
    {
        var qr = Khqr.Decode(KhqrFixture.Vector("khqr-md-1-individual-dynamic.json").Payload);
        Assert.Equal(new KhqrAccount.Individual("jonhsmith@nbcq"), qr.Account);
        Assert.Equal(KhqrInitiation.Dynamic, qr.Initiation);
        Assert.Equal(Currency.KHR, qr.Currency);
        Assert.Equal(500m, qr.Amount);
        Assert.Equal("5999", qr.MerchantCategoryCode);
        Assert.Equal("KH", qr.CountryCode);
        Assert.Equal("Jonh Smith", qr.MerchantName);
        Assert.Equal("PHNOM PENH", qr.MerchantCity);
        Assert.Equal(KhqrAdditionalData.Empty, qr.AdditionalData);
        Assert.True(qr.AlternateLanguage.IsNone);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1739495778722), qr.CreatedAt);
        // Older dynamic QRs carry only the creation time: decoding accepts them.
        Assert.True(qr.ExpiresAt.IsNone);
        Assert.Equal("6894", qr.Crc);
        Assert.Equal("b1c250304b8594e4c6b53dd44791b57a", qr.Md5);
    }

    [Fact]
    public void Khqr_md_vector_2_holds_a_static_merchant_qr_with_a_mobile_number()
    {
        var qr = Khqr.Decode(KhqrFixture.Vector("khqr-md-2-merchant-static.json").Payload);
        Assert.Equal(new KhqrAccount.Merchant("jonhsmith@nbcq", "123456", "Dev Bank"), qr.Account);
        Assert.Equal(KhqrInitiation.Static, qr.Initiation);
        Assert.Equal(Currency.KHR, qr.Currency);
        Assert.True(qr.Amount.IsNone);
        Assert.Equal("Jonh Smith", qr.MerchantName);
        Assert.Equal("Siem Reap", qr.MerchantCity);
        Assert.Equal(new KhqrAdditionalData { MobileNumber = "85512345678" }, qr.AdditionalData);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1739495778722), qr.CreatedAt);
        Assert.True(qr.ExpiresAt.IsNone);
        Assert.Equal("33E1", qr.Crc);
        Assert.Equal("c0d2d74726f8e887f37a585cda3b3a79", qr.Md5);
    }

    [Fact]
    public void The_khmer_alternate_language_reads_back_in_khmer()
    {
        var qr = Khqr.Decode(KhqrFixture.Vector("merchant-dynamic-khr-every-tag.json").Payload);
        Assert.Equal(new KhqrAlternateLanguage("km", "កាហ្វេមាត់ទន្លេ", "ភ្នំពេញ"), qr.AlternateLanguage);
        // Lengths count UTF-16 code units: 15 for the name, though its UTF-8 form is 45 bytes.
        Assert.Contains(qr.Fields, f => f.Path == "64" && f.Value.StartsWith("0002km0115", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_tags_and_sub_tags_are_kept_verbatim()
    {
        var qr = Khqr.Decode(KhqrFixture.Vector("unknown-tags-kept.json").Payload);
        Assert.Equal(
            new[] { new KhqrField("27", "0015com.example.pay0106ABC123"), new KhqrField("62.50", "0006vendor0101x"), new KhqrField("80", "opaque data") },
            qr.Unknown.ToArray());
        Assert.Equal("INV-7", qr.AdditionalData.BillNumber);
        Assert.Equal(KhqrInitiation.Static, qr.Initiation);
    }
}
