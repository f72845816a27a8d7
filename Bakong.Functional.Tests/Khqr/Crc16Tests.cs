using Bakong.Functional.KhqrFormat;

namespace Bakong.Functional.Tests.KhqrCodec;

/// <summary>The check values of CRC-16/CCITT-FALSE given in khqr.md.</summary>
public class Crc16Tests
{
    [Theory]
    [InlineData("123456789", "29B1")]
    [InlineData("", "FFFF")]
    [InlineData("00020101021229180014jonhsmith@nbcq52045999530311654035005802KH5910Jonh Smith6010PHNOM PENH9917001317394957787226304", "6894")]
    public void Check_values(string text, string crc) => Assert.Equal(crc, Crc16.Hex(Crc16.Compute(text)));

    [Fact]
    public void Small_values_are_zero_padded() => Assert.Equal("00A1", Crc16.Hex(0xA1));
}
