using System.Text;
using Bakong.Functional.KhqrFormat;
using CsCheck;
using Microsoft.Extensions.Time.Testing;

namespace Bakong.Functional.Tests.KhqrCodec;

/// <summary>Laws of the codec, each checked on thousands of generated cases.</summary>
public class KhqrPropertyTests
{
    [Fact]
    public void Encode_then_decode_gives_back_every_field_of_a_valid_request()
    {
        KhqrGenerators.Valid.Sample(v =>
        {
            var code = KhqrAssert.Accepted(Khqr.Encode(v.Request, new FakeTimeProvider(v.Now)));
            KhqrAssert.DecodesTo(v.Request, v.Now, code);
            Assert.Equal(Khqr.Md5(code.Payload), code.Md5);
        }, iter: 3_000);
    }

    /// <remarks>
    /// CRC-16 catches every change confined to 16 consecutive bits of the UTF-8 bytes, so each character is replaced by
    /// one of the same UTF-8 width (and, for 3-byte characters, the same leading byte); surrogates are replaced by ASCII,
    /// which leaves a lone surrogate. A change of width shifts every later byte, and CRC-16 then misses about 1 in 65536.
    /// </remarks>
    [Fact]
    public void Every_single_character_change_to_a_valid_payload_is_caught()
    {
        var changes =
            from v in KhqrGenerators.Valid
            let payload = KhqrAssert.Accepted(Khqr.Encode(v.Request, new FakeTimeProvider(v.Now))).Payload
            from position in Gen.Int[0, payload.Length - 1]
            from replacement in SameWidth(payload[position])
            where replacement != payload[position]
            select (payload, position, replacement);
        changes.Sample((payload, position, replacement) =>
        {
            var changed = string.Concat(payload.AsSpan(0, position), replacement.ToString(), payload.AsSpan(position + 1));
            var qr = Khqr.Decode(changed);
            Assert.False(qr.IsValid, $"changing character {position} to U+{(int)replacement:X4} went unnoticed");
        }, iter: 10_000);
    }

    /// <summary>A replacement whose UTF-8 bytes differ from the original's within 16 bits.</summary>
    private static Gen<char> SameWidth(char c) => c switch
    {
        < '\u0080' => Gen.Char['\0', '\u007F'],
        < '\u0800' => Gen.Char['\u0080', '\u07FF'],
        _ when char.IsSurrogate(c) => Gen.Char['\0', '\u007F'],
        _ => Gen.Char[(char)(c & 0xF000), (char)((c & 0xF000) | 0x0FFF)],
    };

    [Fact]
    public void A_lone_surrogate_anywhere_in_a_valid_payload_is_caught()
    {
        var changes =
            from v in KhqrGenerators.Valid
            let payload = KhqrAssert.Accepted(Khqr.Encode(v.Request, new FakeTimeProvider(v.Now))).Payload
            from position in Gen.Int[0, payload.Length - 1]
            from surrogate in Gen.Char['\uD800', '\uDFFF']
            where !char.IsSurrogate(payload[position])
            select string.Concat(payload.AsSpan(0, position), surrogate.ToString(), payload.AsSpan(position + 1));
        changes.Sample(changed => Assert.False(Khqr.Decode(changed).IsValid), iter: 2_000);
    }

    [Fact]
    public void The_decoder_is_total_on_arbitrary_strings()
    {
        var inputs = Gen.Frequency(
            (2, KhqrGenerators.AnyString),
            (3, KhqrGenerators.TlvLike),
            (3, KhqrGenerators.Damaged),
            (1, Gen.Const((string)null!)));
        inputs.Sample(text =>
        {
            var qr = Khqr.Decode(text);
            Assert.Equal(text ?? "", qr.Payload);
            Assert.Equal(qr.Problems.IsEmpty, qr.IsValid);
            Assert.Matches("^[0-9a-f]{32}$", qr.Md5);
            if (qr.CrcHolds)
                Assert.DoesNotContain(qr.Problems, p => p.Path == "63" && p.Expected.Contains("(the CRC", StringComparison.Ordinal));
            // Writing back what was read always gives a payload whose structure and CRC hold.
            var code = qr.ToCode();
            var again = Khqr.Decode(code.Payload);
            Assert.True(again.CrcHolds, code.Payload);
            Assert.Equal(
                qr.Fields.Filter(f => f.Path.Length == 2 && f.Path != "63").Map(f => f.ToString()).ToArray(),
                again.Fields.Filter(f => f.Path.Length == 2 && f.Path != "63").Map(f => f.ToString()).ToArray());
            if (qr.IsValid)
                Assert.Equal(qr.Payload, code.Payload);
        }, iter: 5_000);
    }

    [Fact]
    public void The_encoder_refuses_every_request_with_a_rule_broken_naming_the_field()
    {
        KhqrGenerators.OneBroken.Sample(x =>
        {
            var refused = KhqrAssert.Refused(Khqr.Encode(x.Request, new FakeTimeProvider(x.Now)));
            Assert.True(refused.Names(x.Fields[0]), $"{x.Fields[0]} not named in: {string.Join("; ", refused.Errors)}");
        }, iter: 3_000);
    }

    [Fact]
    public void The_encoder_names_every_broken_field_at_once()
    {
        KhqrGenerators.SeveralBroken.Sample(x =>
        {
            var refused = KhqrAssert.Refused(Khqr.Encode(x.Request, new FakeTimeProvider(x.Now)));
            var missing = x.Fields.Where(f => !refused.Names(f)).ToArray();
            Assert.True(missing.Length == 0, $"{string.Join(", ", missing)} not named in: {string.Join("; ", refused.Errors)}");
        }, iter: 2_000);
    }

    [Fact]
    public void The_crc_reads_the_same_bytes_as_encoding_utf8_lone_surrogates_included()
    {
        KhqrGenerators.AnyString.Sample(s => Assert.Equal(Reference(Encoding.UTF8.GetBytes(s)), Crc16.Compute(s)), iter: 3_000);
    }

    /// <summary>CRC-16/CCITT-FALSE bit by bit, straight from its definition.</summary>
    private static ushort Reference(byte[] bytes)
    {
        var crc = 0xFFFF;
        foreach (var b in bytes)
        {
            crc ^= b << 8;
            for (var i = 0; i < 8; i++)
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
        }
        return (ushort)crc;
    }
}
