using Bakong.Functional.Tests.Endpoints;
using Bakong.Functional.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace Bakong.Functional.Tests.Json;

/// <summary>Laws every decoder keeps: total on any input, faithful on valid input, exact on every code and status.</summary>
public class DecoderPropertyTests
{
    private static readonly string[] Md5s = ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"];

    /// <summary>Every endpoint's decoder, by name, erased to a common shape.</summary>
    public static readonly (string Name, Func<BakongResponse, Either<BakongError, object>> Decode)[] AllDecoders =
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

    private static Func<BakongResponse, Either<BakongError, object>> Erase<A>(Either<BakongError, Endpoint<A>> endpoint)
    {
        var e = endpoint.Right();
        return r => e.Decode(r).Map(a => (object)a!);
    }

    /// <summary>A decoder result that is a proper value: Right or Left, never Bottom, never an exception.</summary>
    private static bool IsValue(Func<BakongResponse, Either<BakongError, object>> decode, BakongResponse response)
    {
        var result = decode(response);
        return result.IsRight || result.IsLeft;
    }

    [Fact]
    public void Every_decoder_is_total_on_arbitrary_bytes_at_any_status()
    {
        var input = from bytes in Generators.Bytes
                    from status in Gen.Elements(200, 200, 200, 401, 403, 404, 429, 500)
                    select new BakongResponse(status, bytes, Option<string>.None, Option<TimeSpan>.None);
        Prop.ForAll(input.ToArbitrary(), r => AllDecoders.All(d => IsValue(d.Decode, r))).Check(Generators.Many);
    }

    [Fact]
    public void Every_decoder_is_total_on_arbitrary_json_and_envelopes_around_it()
    {
        var input = Gen.OneOf(
            Generators.JsonValue,
            Generators.JsonValue.Select(Fixture.Success),
            Generators.JsonValue.Select(d => $$"""{"responseCode":1,"errorCode":3,"data":{{d}}}"""),
            Generators.JsonValue.Select(d => $$"""{"data":{{d}}}"""));
        Prop.ForAll(input.ToArbitrary(), json => AllDecoders.All(d => IsValue(d.Decode, BakongResponse.Of(200, json)))).Check(Generators.Many);
    }

    [Fact]
    public void Generated_transactions_decode_back_to_what_was_generated()
    {
        var input = from t in Generators.Transaction
                    from json in Generators.TransactionJson(t)
                    from dataFirst in ArbMap.Default.GeneratorFor<bool>()
                    select (t, body: dataFirst
                        ? $$"""{"data":{{json}},"errorCode":null,"responseMessage":"ok","responseCode":0}"""
                        : Fixture.Success(json));
        var lookups = new[] { "md5", "hash", "shortHash", "instructionRef", "externalRef" }.Select(TransactionLookupTests.Lookup).ToArray();
        Prop.ForAll(input.ToArbitrary(), x =>
            lookups.All(l => l.Decode(BakongResponse.Of(200, x.body)).Match(Right: d => d == x.t, Left: _ => false))
        ).Check(Generators.Many);
    }

    [Fact]
    public void Generated_batches_decode_to_one_row_per_key_in_request_order()
    {
        var row = from md5 in Generators.Hex(32)
                  from t in Generators.Transaction
                  from json in Generators.TransactionJson(t)
                  from kind in Gen.Choose(0, 6)
                  select (md5, t, kind, json);
        var input = from n in Gen.Choose(1, 50)
                    from rows in Gen.ArrayOf(row, n)
                    from order in Gen.Shuffle(rows.ToArray())
                    select (rows: rows.DistinctBy(r => r.md5).ToArray(), order);
        Prop.ForAll(input.ToArbitrary(), x =>
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
            var endpoint = CheckTransactionsByMd5List.Create(x.rows.Select(r => r.md5)).Right();
            var decoded = endpoint.Decode(BakongResponse.Of(200, Fixture.Success("[" + string.Join(",", sent) + "]"))).Right().ToArray();
            return decoded.Length == x.rows.Length && x.rows.Select((r, i) => (First: r, Second: decoded[i])).All(p => p.Second.Key == p.First.md5 && p.First.kind switch
            {
                0 or 1 or 2 => p.Second is BatchRow.Found f && f.Transaction == p.First.t,
                3 => p.Second is BatchRow.NotFound,
                4 => p.Second is BatchRow.Failed,
                5 => p.Second is BatchRow.StaticQr,
                _ => p.Second is BatchRow.Missing,
            });
        }).Check(Generators.Many);
    }

    [Fact]
    public void Generated_tokens_links_and_account_answers_round_trip()
    {
        var token = Gen.Choose(1, 400).SelectMany(n => Gen.ArrayOf(Gen.Elements("abcXYZ0123456789-_.".ToCharArray()), n)).Select(cs => new string(cs));
        Prop.ForAll(token.ToArbitrary(), t =>
            RenewToken.Create("dev@shop.kh").Right().Decode(BakongResponse.Of(200, Fixture.Success($$"""{"token":"{{t}}"}"""))).Right().Reveal() == t
        ).Check(Generators.Many);

        var link = from path in Generators.Hex(16)
                   from nested in ArbMap.Default.GeneratorFor<bool>()
                   select (uri: new Uri($"https://bakong.page.link/{path}"), nested);
        Prop.ForAll(link.ToArbitrary(), x =>
        {
            var body = x.nested
                ? $$$"""{"data":{"shortLink":"{{{x.uri}}}","errorCode":null,"responseCode":0,"responseMessage":"ok"}}"""
                : Fixture.Success($$"""{"shortLink":"{{x.uri}}"}""");
            return GenerateDeeplink.Create("000201").Right().Decode(BakongResponse.Of(200, body)).Right() == x.uri;
        }).Check(Generators.Many);

        var account = CheckBakongAccount.Create("user@bank").Right();
        Prop.ForAll(ArbMap.Default.ArbFor<bool>(), exists =>
            account.Decode(BakongResponse.Of(200, exists ? Fixture.Success("null") : Fixture.Failure(11))).Right() == exists
        ).Check(Generators.Many);
    }

    [Fact]
    public void Every_error_code_maps_to_its_case_with_code_and_message()
    {
        var input = from code in Gen.OneOf(Gen.Choose(1, 12), Gen.Choose(-5, 1000))
                    from message in Gen.Elements("", "Transaction failed.", "ខ្មែរ")
                    select (code, message);
        Prop.ForAll(input.ToArbitrary(), x => AllDecoders.All(d =>
        {
            var error = d.Decode(BakongResponse.Of(200, $$"""{"responseCode":1,"errorCode":{{x.code}},"responseMessage":{{Generators.Quote(x.message)}},"data":null}"""));
            if (d.Name == "check_bakong_account" && x.code == 11)
                return error.Match(Right: exists => Equals(exists, false), Left: _ => false);
            if (d.Name.EndsWith("(optional)", StringComparison.Ordinal) && x.code == 1)
                return error.Match(Right: found => Equals(found, Option<Transaction>.None), Left: _ => false);
            return error.Match(Right: _ => false, Left: e => x.code is >= 1 and <= 12
                ? e is BakongError.ApiFailure a && (int)a.Code == x.code && a.Message == x.message
                : e is BakongError.UnknownApiFailure u && u.Code == Prelude.Some(x.code) && u.Message == x.message);
        })).Check(Generators.Many);
    }

    [Fact]
    public void Every_http_status_maps_to_its_case_and_keeps_status_and_body()
    {
        var input = from status in Gen.Choose(100, 599).Where(s => s is < 200 or >= 300)
                    from json in ArbMap.Default.GeneratorFor<bool>()
                    select (status, json);
        Prop.ForAll(input.ToArbitrary(), x =>
        {
            var body = x.json ? Fixture.Failure(6, "Unauthorized.") : "<html><body>Access denied</body></html>";
            return AllDecoders.All(d => d.Decode(BakongResponse.Of(x.status, body)).Match(Right: _ => false, Left: e =>
                e.Received.Exists(r => r.Status == x.status && r.Body == body) && (x.status, e) switch
                {
                    (401, BakongError.Unauthorized) => true,
                    (403, BakongError.Forbidden f) => x.json && f.Code == Prelude.Some(6) && f.Message == "Unauthorized.",
                    (403, BakongError.Blocked) => !x.json,
                    (404, BakongError.EndpointNotFound) => true,
                    (429, BakongError.RateLimited) => true,
                    (>= 400 and < 500, BakongError.ClientError) => x.status is not (401 or 403 or 404 or 429),
                    (>= 500, BakongError.ServerError) => true,
                    (< 200 or (>= 300 and < 400), BakongError.UnexpectedStatus) => true,
                    _ => false,
                }));
        }).Check(Generators.Many);
    }

    [Fact]
    public void Kept_bodies_are_bounded_whatever_the_server_sends()
    {
        var big = new string('x', 100_000);
        var e = AllDecoders[4].Decode(BakongResponse.Of(500, big)).Left();
        Assert.Equal(ResponseInfo.MaxBodyChars, e.Received.Map(r => r.Body.Length).IfNone(0));
    }
}
