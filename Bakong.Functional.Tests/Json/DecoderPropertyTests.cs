using Bakong.Functional.Tests.Endpoints;
using Bakong.Functional.Tests.Support;
using CsCheck;

namespace Bakong.Functional.Tests.Json;

/// <summary>Laws every decoder keeps: total on any input, faithful on valid input, exact on every code and status.</summary>
public class DecoderPropertyTests
{
    private static readonly string[] Md5s = ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"];

    /// <summary>Every endpoint's decoder, by name, erased to a common shape.</summary>
    public static readonly (string Name, Func<BakongResponse, Fin<object>> Decode)[] AllDecoders =
    [
        ("request_token", Erase(RequestToken.Create("dev@shop.kh", "Shop", "Till"))),
        ("verify", Erase(VerifyToken.Create("ABCDEFGHIJ0123456789"))),
        ("renew_token", Erase(RenewToken.Create("dev@shop.kh"))),
        ("generate_deeplink_by_qr", Erase(GenerateDeeplink.Create("000201"))),
        ("check_transaction_by_md5", Erase(CheckTransactionByMd5.Create(Fixture.Md5))),
        ("check_transaction_by_md5 (optional)", Erase(CheckTransactionByMd5.Create(Fixture.Md5).OrNone())),
        ("check_transaction_by_hash", Erase(CheckTransactionByHash.Create(Fixture.Hash))),
        ("check_transaction_by_short_hash", Erase(CheckTransactionByShortHash.Create("8465d722", 1m, Currency.USD))),
        ("check_transaction_by_instruction_ref", Erase(CheckTransactionByInstructionRef.Create("INS-1"))),
        ("check_transaction_by_external_ref", Erase(CheckTransactionByExternalRef.Create("EXT-1"))),
        ("check_transaction_by_md5_list", Erase(CheckTransactionsByMd5List.Create(Md5s))),
        ("check_transaction_by_hash_list", Erase(CheckTransactionsByHashList.Create([Fixture.Hash]))),
        ("check_bakong_account", Erase(CheckBakongAccount.Create("user@bank"))),
    ];

    [Fact]
    public void Every_endpoint_of_the_API_description_has_a_decoder_here()
    {
        var named = AllDecoders.Select(d => d.Name.Split(' ')[0]).ToHashSet();
        Assert.All(BakongApi.Operations, o => Assert.Contains(o.Name, named));
    }

    private static Func<BakongResponse, Fin<object>> Erase<A>(Fin<Endpoint<A>> endpoint)
    {
        var e = endpoint.Succ();
        return r => e.Decode(r).Map(a => (object)a!);
    }

    /// <summary>A decoder result that is a proper value: a success, or a failure that is a <see cref="BakongError"/>; never an exception.</summary>
    private static bool IsValue(Func<BakongResponse, Fin<object>> decode, BakongResponse response)
    {
        var result = decode(response);
        return result.IsSucc || (result.IsFail && (LanguageExt.Common.Error)result is BakongError);
    }

    [Fact]
    public void Every_decoder_is_total_on_arbitrary_bytes_at_any_status()
    {
        var input = Gen.Select(Generators.Bytes, Gen.OneOf(200, 200, 200, 401, 403, 404, 429, 500),
            (bytes, status) => new BakongResponse(status, bytes, Option<string>.None, Option<TimeSpan>.None));
        input.Sample(r => AllDecoders.All(d => IsValue(d.Decode, r)), iter: Generators.Many);
    }

    [Fact]
    public void Every_decoder_is_total_on_arbitrary_json_and_envelopes_around_it()
    {
        var input = Gen.OneOf<string>(
            Generators.JsonValue,
            Generators.JsonValue.Select(Fixture.Success),
            Generators.JsonValue.Select(d => $$"""{"responseCode":1,"errorCode":3,"data":{{d}}}"""),
            Generators.JsonValue.Select(d => $$"""{"data":{{d}}}"""));
        input.Sample(json => AllDecoders.All(d => IsValue(d.Decode, BakongResponse.Of(200, json))), iter: Generators.Many);
    }

    [Fact]
    public void Generated_transactions_decode_back_to_what_was_generated()
    {
        var input = from t in Generators.Transaction
                    from json in Generators.TransactionJson(t)
                    from dataFirst in Gen.Bool
                    select (t, body: dataFirst
                        ? $$"""{"data":{{json}},"errorCode":null,"responseMessage":"ok","responseCode":0}"""
                        : Fixture.Success(json));
        // Lookups by hash or reference check the answer against what was asked (issue 11), so each asks for the generated transaction.
        input.Sample(x => new[]
            {
                CheckTransactionByMd5.Create(Fixture.Md5),
                CheckTransactionByHash.Create(x.t.Hash),
                CheckTransactionByInstructionRef.Create(x.t.InstructionRef.IfNone("INS-1")),
                CheckTransactionByExternalRef.Create(x.t.ExternalRef.IfNone("EXT-1")),
            }.All(l => l.Succ().Decode(BakongResponse.Of(200, x.body)).Match(Succ: d => d == x.t, Fail: _ => false)), iter: Generators.Many);
    }

    [Fact]
    public void Generated_batches_decode_to_one_row_per_key_in_request_order()
    {
        var row = from md5 in Generators.Hex(32)
                  from t in Generators.Transaction
                  from json in Generators.TransactionJson(t)
                  from kind in Gen.Int[0, 6]
                  select (md5, t, kind, json);
        var input = from rows in row.Array[1, 50]
                    from order in Gen.Shuffle(rows.ToArray())
                    select (rows: rows.DistinctBy(r => r.md5).ToArray(), order);
        input.Sample(x =>
        {
            var sent = x.order.Where(r => x.rows.Any(k => k.md5 == r.md5) && r.kind != 6).DistinctBy(r => r.md5).Select(r => r.kind switch
            {
                0 => $$"""{"md5":"{{r.md5}}","status":"SUCCESS","data":{{r.json}}}""",
                1 => $$"""{"md5":"{{r.md5}}","status":"SUCCESS","transaction":{{r.json}}}""",
                2 => $$"""{"md5":"{{r.md5}}","status":"SUCCESS",{{r.json[1..]}}""",
                3 => $$"""{"md5":"{{r.md5}}","status":"NOT_FOUND","message":"m"}""",
                4 => $$"""{"md5":"{{r.md5}}","status":"FAILED","message":"m"}""",
                _ => $$"""{"md5":"{{r.md5}}","status":"STATIC_QR","message":"m"}""",
            });
            var endpoint = CheckTransactionsByMd5List.Create(x.rows.Select(r => r.md5)).Succ();
            var decoded = endpoint.Decode(BakongResponse.Of(200, Fixture.Success("[" + string.Join(",", sent) + "]"))).Succ().ToArray();
            return decoded.Length == x.rows.Length && x.rows.Select((r, i) => (First: r, Second: decoded[i])).All(p => p.Second.Key == p.First.md5 && p.First.kind switch
            {
                0 or 1 or 2 => p.Second is BatchRow.Found f && f.Transaction == p.First.t,
                3 => p.Second is BatchRow.NotFound,
                4 => p.Second is BatchRow.Failed,
                5 => p.Second is BatchRow.StaticQr,
                _ => p.Second is BatchRow.Missing,
            });
        }, iter: Generators.Many);
    }

    [Fact]
    public void Generated_tokens_links_and_account_answers_round_trip()
    {
        // RFC 6750 b64token: letters, digits and -._~+/, then optional = padding.
        var token = Gen.Select(Gen.Char["abcXYZ0123456789-_.~+/"].Array[1, 400], Gen.Int[0, 2], (cs, pad) => new string(cs) + new string('=', pad));
        token.Sample(t =>
            RenewToken.Create("dev@shop.kh").Succ().Decode(BakongResponse.Of(200, Fixture.Success($$"""{"token":"{{t}}"}"""))).Succ().Reveal() == t,
            iter: Generators.Many);

        var link = Gen.Select(Generators.Hex(16), Gen.Bool, (path, nested) => (uri: new Uri($"https://bakong.page.link/{path}"), nested));
        link.Sample(x =>
        {
            var body = x.nested
                ? $$$"""{"data":{"shortLink":"{{{x.uri}}}","errorCode":null,"responseCode":0,"responseMessage":"ok"}}"""
                : Fixture.Success($$"""{"shortLink":"{{x.uri}}"}""");
            return GenerateDeeplink.Create("000201").Succ().Decode(BakongResponse.Of(200, body)).Succ() == x.uri;
        }, iter: Generators.Many);

        var account = CheckBakongAccount.Create("user@bank").Succ();
        Gen.Bool.Sample(exists =>
            account.Decode(BakongResponse.Of(200, exists ? Fixture.Success("null") : Fixture.Failure(11))).Succ() == exists,
            iter: 100);
    }

    /// <summary>The kind and the case of an error, through the two exhaustive matches a caller would write.</summary>
    public static (string Kind, string Case) KindAndCase(BakongError error) => error.Match(
        api: e => ("api", e.Match(failure: _ => "failure", unknown: _ => "unknown")),
        http: e => ("http", e.Match(
            unauthorized: _ => "unauthorized", forbidden: _ => "forbidden", blocked: _ => "blocked", endpointNotFound: _ => "endpointNotFound",
            rateLimited: _ => "rateLimited", clientError: _ => "clientError", serverError: _ => "serverError", unexpectedStatus: _ => "unexpectedStatus")),
        network: e => ("network", e.Match(transport: _ => "transport", timeout: _ => "timeout", cancelled: _ => "cancelled")),
        response: e => ("response", e.Match(tooLarge: _ => "tooLarge", decode: _ => "decode")),
        invalidInput: _ => ("invalidInput", "invalidInput"));

    [Fact]
    public void Every_error_code_maps_to_the_api_kind_and_its_case_with_code_and_message()
    {
        var input = Gen.Select(
            Gen.Frequency<int>((3, Gen.Int[1, 12]), (1, Gen.Int[-5, 1000]), (1, Gen.Int)),
            Gen.OneOf("", "Transaction failed.", "ខ្មែរ", "quote \" and \\"));
        input.Sample((code, message) =>
        {
            foreach (var (name, decode) in AllDecoders)
            {
                var result = decode(BakongResponse.Of(200, $$"""{"responseCode":1,"errorCode":{{code}},"responseMessage":{{Generators.Quote(message)}},"data":null}"""));
                if (name == "check_bakong_account" && code == 11)
                {
                    Assert.Equal(false, result.Succ());
                    continue;
                }
                if (name.EndsWith("(optional)", StringComparison.Ordinal) && code == 1)
                {
                    Assert.Equal(Option<Transaction>.None, result.Succ());
                    continue;
                }
                var error = result.Fail();
                Assert.Equal(code, error.Code);
                Assert.Equal(200, error.Received.Map(r => r.Status).IfNone(0));
                if (code is >= 1 and <= 12)
                {
                    Assert.Equal(("api", "failure"), KindAndCase(error));
                    var failure = Assert.IsType<BakongError.ApiFailure>(error);
                    Assert.Equal(((ApiErrorCode)code, message), (failure.ErrorCode, failure.ResponseMessage));
                }
                else
                {
                    Assert.Equal(("api", "unknown"), KindAndCase(error));
                    var unknown = Assert.IsType<BakongError.UnknownApiFailure>(error);
                    Assert.Equal((Prelude.Some(code), message), (unknown.ErrorCode, unknown.ResponseMessage));
                }
            }
        }, iter: Generators.Many);
    }

    [Fact]
    public void Every_http_status_maps_to_the_http_kind_and_its_case_and_keeps_status_and_body()
    {
        var input = Gen.Select(Gen.Int[100, 599].Where(s => s is < 200 or >= 300), Gen.Bool);
        input.Sample((status, json) =>
        {
            var body = json ? Fixture.Failure(6, "Unauthorized.") : "<html><body>Access denied</body></html>";
            var expected = status switch
            {
                401 => "unauthorized",
                403 => json ? "forbidden" : "blocked",
                404 => "endpointNotFound",
                429 => "rateLimited",
                >= 400 and < 500 => "clientError",
                >= 500 => "serverError",
                _ => "unexpectedStatus",
            };
            foreach (var (name, decode) in AllDecoders)
            {
                var error = decode(BakongResponse.Of(status, body)).Fail();
                Assert.Equal(("http", expected), KindAndCase(error));
                Assert.Equal(status, error.Code);
                Assert.Equal(Prelude.Some(new ResponseInfo(status, body)), error.Received);
                if (error is BakongError.Forbidden forbidden)
                    Assert.Equal((Prelude.Some(6), "Unauthorized."), (forbidden.ErrorCode, forbidden.ResponseMessage));
            }
        }, iter: Generators.Many);
    }

    [Fact]
    public void Every_status_outside_2xx_is_an_http_error_for_every_decoder()
    {
        // Sampling may miss a status; this sweep does not.
        foreach (var status in Enumerable.Range(100, 500).Where(s => s is < 200 or >= 300))
            Assert.All(AllDecoders, d => Assert.Equal("http", KindAndCase(d.Decode(BakongResponse.Of(status, "x")).Fail()).Kind));
    }

    [Fact]
    public void Kept_bodies_are_bounded_whatever_the_server_sends()
    {
        var big = new string('x', 100_000);
        var e = AllDecoders[4].Decode(BakongResponse.Of(500, big)).Fail();
        Assert.Equal(ResponseInfo.MaxBodyChars, e.Received.Map(r => r.Body.Length).IfNone(0));
    }
}
