using Bakong.Functional.Testing.Tests.Support;
using static Bakong.Functional.Testing.Tests.Support.FinAssert;

namespace Bakong.Functional.Testing.Tests;

public class RequestLogTests
{
    [Theory]
    [InlineData(Face.Handler)]
    [InlineData(Face.Server)]
    public async Task The_log_records_every_request_and_never_the_token(Face face)
    {
        await using var h = await Harness.Start(face);
        var token = h.Emulator.IssueToken();
        var client = h.Client(token: token);
        var md5 = Khqr.Md5("logged");

        ApiCode(await client.SendAsync(CheckTransactionByMd5.Create(md5)));
        Succ(await client.SendAsync(GenerateDeeplink.Create("000201")));
        h.Emulator.Inject(CheckTransactionByHash.Path, new Fault.ServerError());
        Fail(await client.SendAsync(CheckTransactionByHash.Create(new string('a', 64))));
        // A token smuggled into a body is redacted too.
        await h.Post(CheckTransactionByExternalRef.Path, $$"""{"externalRef":"{{token.Reveal()}}"}""", token);

        var log = h.Emulator.Requests;
        Assert.Equal(4, log.Count);
        Assert.Equal(("POST", CheckTransactionByMd5.Path, true), (log[0].Method, log[0].Path, log[0].HadBearer));
        Assert.Contains(md5, log[0].Body, StringComparison.Ordinal);
        Assert.Equal("Bearer [redacted]", log[0].Authorization);
        Assert.False(log[1].HadBearer);
        Assert.Null(log[1].Authorization);
        Assert.IsType<Fault.ServerError>(log[2].Fault);
        Assert.Contains("[redacted]", log[3].Body, StringComparison.Ordinal);
        Assert.All(log, e => Assert.DoesNotContain(token.Reveal(), e.ToString(), StringComparison.Ordinal));

        h.Emulator.ClearRequests();
        Assert.Empty(h.Emulator.Requests);
    }
}
