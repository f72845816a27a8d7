using System.Net;
using Bakong.Functional.Runner;
using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Runner;

/// <summary>
/// The size limit: the client puts <see cref="BakongClientOptions.MaxResponseBytes"/> on every call, the transport reads
/// at most that much, and a longer body is <c>ResponseTooLarge</c>.
/// </summary>
public class SizeLimitTests
{
    private static readonly Endpoint<Transaction> Lookup = CheckTransactionByMd5.Create(Fixture.Md5).Succ();

    private sealed class Limited(long limit, Stage next) : Stage
    {
        internal override ValueTask<Fin<BakongResponse>> Send(BakongRequest request, Call call) => next.Send(request, call with { MaxResponseBytes = limit });
    }

    private static Stage OverTransport(long limit, RecordingHandler handler) =>
        new Limited(limit, new HttpTransport(new HttpClient(handler), new Uri("https://bakong.test"), "tests", TimeProvider.System));

    [Fact]
    public async Task The_clients_limit_is_the_one_the_transport_reads_to()
    {
        var body = Envelopes.Found();
        var handler = new RecordingHandler(200, body);
        var client = new BakongClient(new HttpClient(handler), new BakongClientOptions
        {
            BaseUrl = new Uri("https://bakong.test"),
            Token = Envelopes.Access("t"),
            MaxResponseBytes = System.Text.Encoding.UTF8.GetByteCount(body) - 1,
            Retry = RetryPolicy.None,
        });

        var e = (await client.SendAsync(Lookup)).FailAs<BakongError.ResponseTooLarge, Transaction>();

        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(body) - 1, e.LimitBytes);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_the_limit_is_too_large_with_the_limit_and_status_whether_or_not_its_length_is_declared(bool declared)
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = declared ? new ByteArrayContent(new byte[5000]) : new StreamContent(new UnseekableStream(new byte[50_000])),
        });

        var e = (await OverTransport(1000, handler).Send(Lookup, Replies.Call())).FailAs<BakongError.ResponseTooLarge, Transaction>();

        Assert.Equal((1000L, 200), (e.LimitBytes, e.Response.Status));
        Assert.True(e.Response.Body.Length <= ResponseInfo.MaxBodyChars);
    }

    [Fact]
    public async Task A_body_of_exactly_the_limit_is_read_and_decoded()
    {
        var body = Envelopes.Found();
        var handler = new RecordingHandler(200, body);

        var result = await OverTransport(System.Text.Encoding.UTF8.GetByteCount(body), handler).Send(Lookup, Replies.Call());

        Assert.Equal(Envelopes.Hash, result.Succ().Hash);
    }

    [Fact]
    public async Task One_byte_over_the_limit_is_too_large()
    {
        var body = Envelopes.Found();
        var limit = System.Text.Encoding.UTF8.GetByteCount(body) - 1;

        var e = (await OverTransport(limit, new RecordingHandler(200, body)).Send(Lookup, Replies.Call())).FailAs<BakongError.ResponseTooLarge, Transaction>();

        Assert.Equal(limit, e.LimitBytes);
    }

    /// <summary>A stream without a length, so the content goes out chunked.</summary>
    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
    }
}
