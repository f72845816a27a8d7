using System.IO.Compression;
using System.Text;
using Bakong.Functional.Reliability.Tests.Support;
using static Bakong.Functional.Reliability.Tests.Invariants.Hostile;
using static Bakong.Functional.Reliability.Tests.Support.Results;

namespace Bakong.Functional.Reliability.Tests.Invariants;

/// <summary>
/// Invariant 9: content encoding. The client asks for <c>identity</c>; a gzip, deflate or br answer from a proxy is
/// decoded as it streams, with the size limit on the decompressed bytes (and on the compressed ones), so a bomb is
/// <see cref="BakongError.ResponseTooLarge"/> with memory bounded. Compressed bytes never reach the JSON decoder.
/// </summary>
public sealed class ContentEncodingTests(EmulatorFixture f) : IClassFixture<EmulatorFixture>
{
    private static readonly string Ok = Bodies.Success(Bodies.Transaction);

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    [InlineData("x-gzip")]
    public async Task A_compressed_answer_from_a_proxy_is_decoded(string encoding)
    {
        // Before: the compressed bytes went to the JSON decoder: a decode error hid a real payment.
        var emulator = f.Fresh();
        emulator.Inject(CheckTransactionByMd5.Path, new Fault.Compressed(encoding));
        var t = (await f.Client().SendAsync(CheckTransactionByMd5.Create(f.Usd.Md5))).Succ();
        Assert.Equal((f.Usd.Hash, 1.50m), (t.Hash, t.Amount));
    }

    [Fact]
    public async Task A_gzip_batch_answer_is_decoded_row_by_row()
    {
        // Before: a decode error for the whole batch.
        var emulator = f.Fresh();
        emulator.Inject(CheckTransactionsByMd5List.Path, new Fault.Compressed("gzip"));
        var rows = (await f.Client().SendAsync(CheckTransactionsByMd5List.Create([f.Usd.Md5, f.Khr.Md5]))).Succ();
        Assert.Equal([f.Usd.Hash, f.Khr.Hash], rows.Map(r => Assert.IsType<BatchRow.Found>(r).Transaction.Hash).ToArray());
    }

    [Fact]
    public async Task Two_layers_gzip_then_deflate_are_undone_last_first()
    {
        // Before: a decode error.
        var body = Compress(Compress(Encoding.UTF8.GetBytes(Ok), "gzip"), "deflate");
        var t = (await Raw(RawServer.Http(200, body, "application/json", "Content-Encoding: gzip, deflate"), ByMd5)).Succ();
        Assert.Equal(Hash, t.Hash);
    }

    [Fact]
    public async Task A_gzip_bomb_under_the_limit_that_inflates_to_gigabytes_is_too_large_with_memory_bounded()
    {
        // Before: its compressed bytes were read as JSON: a decode error, not ResponseTooLarge, and no bound on the decompressed size.
        var member = Compress(new byte[16 << 20], "gzip");
        var inner = Repeat(member, 256); // 256 gzip members of 16 MiB of zeros: 4 GiB inflated
        var body = Compress(inner, "gzip");
        Assert.InRange(body.Length, 1, 64 << 10);
        var answer = RawServer.Http(200, body, "application/json", "Content-Encoding: gzip, gzip");
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var e = (await Raw(answer, ByMd5)).FailAs<BakongError.ResponseTooLarge, Transaction>();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(BakongClientOptions.DefaultMaxResponseBytes, e.LimitBytes);
        Assert.InRange(allocated, 0, 64L << 20);
    }

    [Fact]
    public async Task A_single_layer_gzip_bomb_is_too_large()
    {
        // Before: a decode error at the root.
        var body = Repeat(Compress(new byte[8 << 20], "gzip"), 64); // 512 MiB inflated from about half a megabyte
        Assert.InRange(body.Length, 1, BakongClientOptions.DefaultMaxResponseBytes);
        var e = (await Raw(RawServer.Http(200, body, "application/json", "Content-Encoding: gzip"), ByMd5)).FailAs<BakongError.ResponseTooLarge, Transaction>();
        Assert.Equal(BakongClientOptions.DefaultMaxResponseBytes, e.LimitBytes);
    }

    [Fact]
    public async Task A_deflate_bomb_is_too_large_under_a_small_limit()
    {
        // Before: a decode error at the root.
        var body = Compress(new byte[4 << 20], "deflate");
        var e = (await Raw(RawServer.Http(200, body, "application/json", "Content-Encoding: deflate"), ByMd5, maxBytes: 64 << 10)).FailAs<BakongError.ResponseTooLarge, Transaction>();
        Assert.True(body.Length < 64 << 10);
        Assert.Equal(64 << 10, e.LimitBytes);
    }

    [Fact]
    public async Task Gzip_bytes_without_a_Content_Encoding_are_named_as_such_not_parsed()
    {
        // Before: "valid JSON (invalid at line 1, byte 1)", which hid what had happened.
        AssertDecode(await Raw(RawServer.Http(200, Compress(Encoding.UTF8.GetBytes(Ok), "gzip")), ByMd5), "", "gzip-compressed bytes without a Content-Encoding");
        AssertDecode(await Raw(RawServer.Http(200, Compress(Encoding.UTF8.GetBytes(Ok), "deflate")), ByMd5), "", "zlib-compressed bytes");
    }

    [Fact]
    public async Task A_body_labelled_gzip_that_is_not_gzip_is_refused_not_read_as_JSON()
    {
        // Before: the label was ignored and the bytes read as JSON, so a mislabelled body was trusted.
        AssertDecode(await Raw(RawServer.Http(200, Ok, "application/json", "Content-Encoding: gzip"), ByMd5), "", "corrupt");
    }

    [Theory]
    [InlineData("compress")]
    [InlineData("zstd")]
    [InlineData("gzip, zstd")]
    public async Task A_body_in_a_coding_the_client_cannot_undo_is_refused(string coding)
    {
        // Before: the Content-Encoding was ignored and the body read as if plain.
        AssertDecode(await Raw(RawServer.Http(200, Ok, "application/json", "Content-Encoding: " + coding), ByMd5), "", "identity, gzip, deflate or br");
    }

    [Fact]
    public async Task A_compressed_5xx_keeps_its_status_and_Retry_After()
    {
        // Control (same before and after): the status decides; the body is only evidence.
        var body = Compress(Encoding.UTF8.GetBytes(Bodies.Html502), "gzip");
        var e = (await Raw(RawServer.Http(503, body, "text/html", "Content-Encoding: gzip", "Retry-After: 120"), ByMd5)).FailAs<BakongError.ServerError, Transaction>();
        Assert.Equal((503, Prelude.Some(TimeSpan.FromSeconds(120))), (e.Response.Status, e.RetryAfter));
        var unknown = (await Raw(RawServer.Http(503, Bodies.Html502, "text/html", "Content-Encoding: zstd", "Retry-After: 120"), ByMd5)).FailAs<BakongError.ServerError, Transaction>();
        Assert.Equal(Prelude.Some(TimeSpan.FromSeconds(120)), unknown.RetryAfter);
    }

    [Fact]
    public async Task Requests_still_ask_for_identity()
    {
        // Control: the first defence stays in place.
        await using var server = RawServer.Start(x => x.Write(RawServer.Http(200, Ok)));
        using var http = new HttpClient();
        (await new BakongClient(http, new BakongClientOptions { BaseUrl = server.BaseUrl, Token = CanaryToken }).SendAsync(CheckTransactionByMd5.Create(Md5))).Succ();
        Assert.Contains("Accept-Encoding: identity\r\n", Assert.Single(server.Heads), StringComparison.OrdinalIgnoreCase);
    }

    private static byte[] Compress(byte[] data, string encoding)
    {
        using var buffer = new MemoryStream();
        using (Stream s = encoding == "gzip" ? new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true) : new ZLibStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
            s.Write(data);
        return buffer.ToArray();
    }

    private static byte[] Repeat(byte[] part, int times)
    {
        var all = new byte[part.Length * times];
        for (var i = 0; i < times; i++)
            part.CopyTo(all, i * part.Length);
        return all;
    }
}
