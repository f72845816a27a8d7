using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Bakong.Functional.Cli.Tests;

/// <summary><c>bakong khqr encode</c> and <c>bakong khqr decode</c>: offline, with the QR drawn and written as images.</summary>
public class KhqrCommandTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 8, 0, 0, TimeSpan.Zero);

    // khqr.md vector 1: individual, dynamic, 500 KHR, creation time only.
    private const string Vector1 = "00020101021229180014jonhsmith@nbcq52045999530311654035005802KH5910Jonh Smith6010PHNOM PENH99170013173949577872263046894";

    private static readonly string[] Coffee =
        ["khqr", "encode", "--account", "coffee@aclb", "--name", "Riverside Coffee", "--currency", "USD", "--amount", "2.50", "--bill", "INV-7"];

    private static Cli Offline() => new() { Time = new FakeTimeProvider(Now) };

    private static KhqrCode Expected() =>
        Khqr.Encode(
            new KhqrRequest(new KhqrAccount.Individual("coffee@aclb"), "Riverside Coffee", Currency.USD)
            {
                Amount = 2.50m,
                AdditionalData = new KhqrAdditionalData { BillNumber = "INV-7" },
            },
            new FakeTimeProvider(Now)).Match(c => c, e => throw new Xunit.Sdk.XunitException(e.Message));

    /// <summary>The drawing: the lines between the blank line after the summary and the next blank line.</summary>
    private static string Drawing(string output)
    {
        var blocks = output.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n");
        return blocks[1];
    }

    [Fact]
    public async Task Encode_prints_the_libraryʼs_payload_its_md5_and_expiry()
    {
        using var cli = Offline();
        var r = await cli.Run(Coffee);

        Assert.True(r.Exit == 0, r.ToString());
        var code = Expected();
        Assert.StartsWith($"payload: {code.Payload}\nmd5:     {code.Md5}\nexpires: 2026-04-01 08:10:00Z\n", r.Out.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(Khqr.Md5(code.Payload), code.Md5);
        Assert.Empty(r.Err);
        Assert.Empty(cli.Recorder.Uris);
    }

    [Fact]
    public async Task Encode_json_carries_payload_md5_expiry_and_no_drawing()
    {
        using var cli = Offline();
        var r = await cli.Run([.. Coffee, "--json"]);

        Assert.True(r.Exit == 0, r.ToString());
        var doc = r.Json();
        Assert.Equal("khqr encode", doc.GetProperty("command").GetString());
        var result = doc.GetProperty("result");
        var code = Expected();
        Assert.Equal(code.Payload, result.GetProperty("payload").GetString());
        Assert.Equal(code.Md5, result.GetProperty("md5").GetString());
        Assert.True(result.GetProperty("dynamic").GetBoolean());
        Assert.Equal(Now.AddMinutes(10), result.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("png").ValueKind);
        Assert.DoesNotContain('█', r.Out);
    }

    [Fact]
    public async Task A_static_merchant_qr_never_expires_and_decodes_to_its_fields()
    {
        using var cli = Offline();
        var r = await cli.Run("khqr", "encode", "--account", "shop@devb", "--merchant-id", "M-1", "--bank", "Dev Bank", "--name", "Dev Shop", "--currency", "KHR", "--json");

        Assert.True(r.Exit == 0, r.ToString());
        var payload = r.Json().GetProperty("result").GetProperty("payload").GetString();
        Assert.Equal(JsonValueKind.Null, r.Json().GetProperty("result").GetProperty("expiresAt").ValueKind);
        var qr = Khqr.Decode(payload);
        Assert.True(qr.IsValid);
        Assert.Equal(new KhqrAccount.Merchant("shop@devb", "M-1", "Dev Bank"), qr.Account);
        Assert.Equal(KhqrInitiation.Static, qr.Initiation);
        Assert.Contains("expires: never (a static QR)", (await cli.Run("khqr", "encode", "--account", "shop@devb", "--name", "Dev Shop", "--currency", "KHR")).Out);
    }

    [Fact]
    public async Task Encode_names_every_broken_rule_by_its_flag_with_exit_code_2()
    {
        using var cli = Offline();
        var r = await cli.Run("khqr", "encode", "--account", "no-at-sign", "--name", "", "--currency", "KHR", "--amount", "1.5",
            "--bill", new string('b', 26), "--json");

        Assert.Equal(2, r.Exit);
        var fields = r.Json().GetProperty("error").GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("field").GetString()!).ToArray();
        Assert.Equal(["--account", "--amount", "--name", "--bill"], fields);
    }

    [Fact]
    public async Task Options_that_do_not_fit_the_qr_kind_are_refused()
    {
        using var cli = Offline();
        var merchantInfo = await cli.Run("khqr", "encode", "--account", "shop@devb", "--merchant-id", "M-1", "--bank", "B", "--account-info", "123", "--name", "S", "--currency", "USD");
        var staticExpiry = await cli.Run("khqr", "encode", "--account", "shop@devb", "--name", "S", "--currency", "USD", "--expires-in", "5m");
        var noBank = await cli.Run("khqr", "encode", "--account", "shop@devb", "--merchant-id", "M-1", "--name", "S", "--currency", "USD");

        Assert.Equal(2, merchantInfo.Exit);
        Assert.Contains("--account-info: is only for an individual's QR", merchantInfo.Err);
        Assert.Equal(2, staticExpiry.Exit);
        Assert.Contains("--expires-in: is only for a dynamic QR", staticExpiry.Err);
        Assert.Equal(2, noBank.Exit);
        Assert.Contains("--bank:", noBank.Err);
    }

    [Fact]
    public async Task Expires_in_sets_the_validity()
    {
        using var cli = Offline();
        var r = await cli.Run([.. Coffee, "--expires-in", "90s"]);

        Assert.True(r.Exit == 0, r.ToString());
        Assert.Contains("expires: 2026-04-01 08:01:30Z", r.Out);
    }

    [Fact]
    public void The_terminal_drawing_is_the_qr_module_for_module()
    {
        var qr = (QrImages)QrImages.For(Expected().Payload);

        var light = QrReading.FromTerminal(qr.Terminal(), darkOnLight: false);
        var dark = QrReading.FromTerminal(qr.Terminal(darkOnLight: true), darkOnLight: true);

        Assert.Equal(qr.Size, light.GetLength(0));
        for (var row = 0; row < qr.Size; row++)
            for (var column = 0; column < qr.Size; column++)
            {
                Assert.Equal(qr.IsDark(row, column), light[row, column]);
                Assert.Equal(qr.IsDark(row, column), dark[row, column]);
            }
    }

    [NeedsZbarimgFact]
    public async Task The_drawing_in_the_terminal_reads_back_as_the_payload()
    {
        using var cli = Offline();
        var drawn = await cli.Run(Coffee);
        var inverted = await cli.Run([.. Coffee, "--invert"]);

        Assert.Equal(Expected().Payload, QrReading.Read(QrReading.FromTerminal(Drawing(drawn.Out), darkOnLight: false)));
        Assert.Equal(Expected().Payload, QrReading.Read(QrReading.FromTerminal(Drawing(inverted.Out), darkOnLight: true)));
    }

    [NeedsZbarimgFact]
    public async Task The_png_decodes_back_to_the_same_payload_khmer_included()
    {
        using var cli = Offline();
        var png = Path.Combine(Path.GetTempPath(), $"khqr-{Guid.NewGuid():N}.png");
        try
        {
            var r = await cli.Run("khqr", "encode", "--account", "sokha@wing", "--name", "Sokha", "--currency", "KHR", "--amount", "12000",
                "--alt-language", "km", "--alt-name", "សុខា", "--alt-city", "ភ្នំពេញ", "--png", png, "--json");

            Assert.True(r.Exit == 0, r.ToString());
            var result = r.Json().GetProperty("result");
            Assert.Equal(png, result.GetProperty("png").GetString());
            var payload = result.GetProperty("payload").GetString()!;
            Assert.Contains("សុខា", payload, StringComparison.Ordinal);
            Assert.Equal(payload, QrReading.Read(png));
            Assert.Equal(result.GetProperty("md5").GetString(), Khqr.Md5(QrReading.Read(png)));
        }
        finally
        {
            File.Delete(png);
        }
    }

    [NeedsZbarimgFact]
    public async Task The_svg_draws_the_same_qr_and_reads_back_as_the_payload()
    {
        using var cli = Offline();
        var svg = Path.Combine(Path.GetTempPath(), $"khqr-{Guid.NewGuid():N}.svg");
        try
        {
            var r = await cli.Run([.. Coffee, "--svg", svg]);

            Assert.True(r.Exit == 0, r.ToString());
            Assert.Contains($"svg:     {svg}", r.Out);
            var modules = QrReading.FromSvg(File.ReadAllText(svg));
            Assert.Equal(Expected().Payload, QrReading.Read(modules));
            var qr = (QrImages)QrImages.For(Expected().Payload);
            for (var row = 0; row < qr.Size; row++)
                for (var column = 0; column < qr.Size; column++)
                    Assert.Equal(qr.IsDark(row, column), modules[row, column]);
        }
        finally
        {
            File.Delete(svg);
        }
    }

    [Fact]
    public async Task An_image_that_cannot_be_written_is_named_and_nothing_is_printed_as_done()
    {
        using var cli = Offline();
        var r = await cli.Run([.. Coffee, "--png", Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}", "qr.png")]);

        Assert.Equal(2, r.Exit);
        Assert.Contains("--png: could not be written", r.Err);
        Assert.Empty(r.Out);
    }

    [Fact]
    public async Task Decode_prints_every_field_the_md5_and_that_the_crc_holds()
    {
        using var cli = Offline();
        var r = await cli.Run("khqr", "decode", Vector1);

        Assert.True(r.Exit == 0, r.ToString());
        Assert.Contains("  29.00  Bakong account id         jonhsmith@nbcq", r.Out);
        Assert.Contains("  99.00  Creation time             1739495778722", r.Out);
        Assert.Contains("amount:   500 KHR", r.Out);
        Assert.Contains("md5:      b1c250304b8594e4c6b53dd44791b57a", r.Out);
        Assert.Contains("crc:      6894 (holds)", r.Out);
        Assert.Contains("valid:    yes", r.Out);
        Assert.Equal(13, r.Out.Split('\n').Count(l => l.StartsWith("  ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Decode_json_lists_fields_and_typed_values()
    {
        using var cli = Offline();
        var r = await cli.Run("khqr", "decode", Vector1, "--json");

        Assert.True(r.Exit == 0, r.ToString());
        var result = r.Json().GetProperty("result");
        Assert.True(result.GetProperty("valid").GetBoolean());
        Assert.True(result.GetProperty("crcHolds").GetBoolean());
        Assert.Equal("b1c250304b8594e4c6b53dd44791b57a", result.GetProperty("md5").GetString());
        Assert.Equal("individual", result.GetProperty("account").GetProperty("kind").GetString());
        Assert.Equal("jonhsmith@nbcq", result.GetProperty("account").GetProperty("accountId").GetString());
        Assert.Equal(500m, result.GetProperty("amount").GetDecimal());
        Assert.Equal("KHR", result.GetProperty("currency").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("expiresAt").ValueKind);
        Assert.Equal(13, result.GetProperty("fields").GetArrayLength());
        Assert.Equal(0, result.GetProperty("problems").GetArrayLength());
    }

    [Fact]
    public async Task A_broken_crc_is_reported_with_exit_code_2()
    {
        using var cli = Offline();
        var broken = Vector1[..^1] + "5";
        var r = await cli.Run("khqr", "decode", broken);
        var j = await cli.Run("khqr", "decode", broken, "--json");

        Assert.Equal(2, r.Exit);
        Assert.Contains("crc:      6895 (does not hold)", r.Out);
        Assert.Contains("valid:    no, 1 problem:", r.Out);
        Assert.Contains("  63: expected 6894", r.Out);
        Assert.Equal(2, j.Exit);
        var result = j.Json().GetProperty("result");
        Assert.False(result.GetProperty("valid").GetBoolean());
        Assert.False(result.GetProperty("crcHolds").GetBoolean());
        Assert.Equal("63", result.GetProperty("problems")[0].GetProperty("path").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("0002010102")]
    [InlineData("6304")]
    public async Task Anything_decodes_without_crashing_and_invalid_exits_2(string text)
    {
        using var cli = Offline();
        var r = await cli.Run("khqr", "decode", text, "--json");

        Assert.Equal(2, r.Exit);
        Assert.False(r.Json().GetProperty("result").GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Decode_reads_stdin_for_a_dash()
    {
        using var cli = Offline();
        cli.Input = Vector1 + "\n";
        var r = await cli.Run("khqr", "decode", "-");

        Assert.True(r.Exit == 0, r.ToString());
        Assert.Contains("md5:      b1c250304b8594e4c6b53dd44791b57a", r.Out);
    }

    [Fact]
    public async Task Help_lists_the_khqr_commands_and_the_mismatch_exit_code()
    {
        using var cli = Offline();
        var root = await cli.Run("--help");
        var khqr = await cli.Run("khqr", "--help");

        Assert.Contains("khqr", root.Out);
        Assert.Contains("9    paid, but not what the KHQR asked for", root.Out);
        Assert.Contains("encode", khqr.Out);
        Assert.Contains("decode", khqr.Out);
    }
}
