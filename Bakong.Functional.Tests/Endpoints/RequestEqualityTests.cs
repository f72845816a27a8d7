using Bakong.Functional.Tests.Support;
using CsCheck;

namespace Bakong.Functional.Tests.Endpoints;

/// <summary>Requests are values: two endpoints built from the same input have equal requests, and different inputs do not.</summary>
public class RequestEqualityTests
{
    private static readonly SourceInfo App = new("https://shop.example/icon.png", "Shop", "shopapp://paid");

    /// <summary>Every endpoint, built by name from one of two inputs ("a" or "b").</summary>
    public static readonly (string Name, Func<string, BakongRequest> Build)[] Endpoints =
    [
        ("request_token", k => RequestToken.Create($"{k}@shop.kh", "Shop", "Till").Succ().Request),
        ("verify", k => VerifyToken.Create(new string(k[0], 20)).Succ().Request),
        ("renew_token", k => RenewToken.Create($"{k}@shop.kh").Succ().Request),
        ("generate_deeplink_by_qr", k => GenerateDeeplink.Create($"0002{k}").Succ().Request),
        ("generate_deeplink_by_qr with source info", k => GenerateDeeplink.Create("000201", App with { AppName = k }).Succ().Request),
        ("check_transaction_by_md5", k => CheckTransactionByMd5.Create(new string(k[0], 32)).Succ().Request),
        ("check_transaction_by_md5, optional", k => CheckTransactionByMd5.Create(new string(k[0], 32)).OrNone().Succ().Request),
        ("check_transaction_by_hash", k => CheckTransactionByHash.Create(new string(k[0], 64)).Succ().Request),
        ("check_transaction_by_hash, mapped", k => CheckTransactionByHash.Create(new string(k[0], 64)).Succ().Map(t => t.Amount).Request),
        ("check_transaction_by_short_hash", k => CheckTransactionByShortHash.Create(new string(k[0], 8), 1.5m, Currency.USD).Succ().Request),
        ("check_transaction_by_instruction_ref", k => CheckTransactionByInstructionRef.Create($"INS-{k}").Succ().Request),
        ("check_transaction_by_external_ref", k => CheckTransactionByExternalRef.Create($"EXT-{k}").Succ().Request),
        ("check_transaction_by_md5_list", k => CheckTransactionsByMd5List.Create([new string(k[0], 32), Fixture.Md5]).Succ().Request),
        ("check_transaction_by_hash_list", k => CheckTransactionsByHashList.Create([new string(k[0], 64), Fixture.Hash]).Succ().Request),
        ("check_bakong_account", k => CheckBakongAccount.Create($"{k}@bank").Succ().Request),
    ];

    public static TheoryData<string> Names => [.. Endpoints.Select(e => e.Name)];

    [Theory, MemberData(nameof(Names))]
    public void Two_endpoints_built_from_the_same_input_have_equal_requests_and_different_inputs_do_not(string name)
    {
        var build = Endpoints.Single(e => e.Name == name).Build;
        var first = build("a");
        var second = build(new string('a', 1));

        Assert.Equal(first, second);
        Assert.True(first == second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, build("b"));
        Assert.False(first == build("b"));
    }

    [Fact]
    public void Every_endpoint_of_the_API_description_is_in_the_table_with_its_declarations()
    {
        var built = Endpoints.Select(e => e.Build("a")).ToList();
        Assert.Equal(BakongApi.Operations.Select(o => o.Path).Order(), built.Select(r => r.Path).Distinct().Order());
        foreach (var request in built)
        {
            var operation = BakongApi.Find(request.Path).Match(o => o, () => throw new Xunit.Sdk.XunitException(request.Path));
            Assert.Equal((operation.Method, operation.RequiresToken, operation.IsRepeatable), (request.Method, request.RequiresToken, request.IsRepeatable));
        }
    }

    [Fact]
    public void Input_that_normalises_to_the_same_body_gives_equal_requests()
    {
        Assert.Equal(CheckTransactionByMd5.Create(Fixture.Md5).Succ().Request, CheckTransactionByMd5.Create(Fixture.Md5.ToUpperInvariant()).Succ().Request);
        Assert.Equal(CheckTransactionByHash.Create(Fixture.Hash).Succ().Request, CheckTransactionByHash.Create(Fixture.Hash.ToUpperInvariant()).Succ().Request);
    }

    [Fact]
    public void The_endpoint_itself_compares_by_reference_its_request_by_value()
    {
        var a = CheckTransactionByMd5.Create(Fixture.Md5).Succ();
        var b = CheckTransactionByMd5.Create(Fixture.Md5).Succ();
        Assert.NotSame(a, b);
        Assert.Equal(a.Request, b.Request);
        Assert.Equal(a.Request, a.OrNone().Request);
    }

    /// <summary>Builds twice from <c>x</c> and once from <c>y</c>: the first two are equal, the third equal exactly when the inputs are.</summary>
    private static void Law<T>(Gen<T> input, Func<T, BakongRequest> build, Func<T, T, bool> same)
    {
        var pairs = from x in input
                    from y in Gen.Frequency<T>((1, Gen.Const(x)), (3, input))
                    select (x, y);
        pairs.Sample((x, y) =>
        {
            var a = build(x);
            var b = build(x);
            Assert.Equal(a, b);
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
            Assert.Equal(same(x, y), a == build(y));
        }, iter: 300);
    }

    private static readonly Gen<string> Reference = Gen.Char.AlphaNumeric.Array[1, 40].Select(cs => new string(cs));

    [Fact]
    public void Generated_inputs_give_equal_requests_exactly_when_the_inputs_are_equal()
    {
        Law(Generators.Hex(32), md5 => CheckTransactionByMd5.Create(md5).Succ().Request, string.Equals);
        Law(Generators.Hex(64), hash => CheckTransactionByHash.Create(hash).Succ().Request, string.Equals);
        // Only amounts a transaction can have: the lookup refuses the rest before building a request (whole riel, cents).
        Law(Gen.Select(Generators.Hex(8), Generators.Amount.Where(a => a > 0), Gen.OneOf(Currency.USD, Currency.KHR)).Where(x => x.Item3 == Currency.USD || x.Item2 == decimal.Truncate(x.Item2)),
            x => CheckTransactionByShortHash.Create(x.Item1, x.Item2, x.Item3).Succ().Request,
            (x, y) => x.Item1 == y.Item1 && x.Item2 == y.Item2 && x.Item2.Scale == y.Item2.Scale && x.Item3 == y.Item3);
        Law(Reference, r => CheckTransactionByInstructionRef.Create(r).Succ().Request, string.Equals);
        Law(Reference, r => CheckTransactionByExternalRef.Create(r).Succ().Request, string.Equals);
        Law(Gen.Char.AlphaNumeric.Array[1, 20].Select(cs => new string(cs).ToLowerInvariant() + "@shop.kh"), e => RenewToken.Create(e).Succ().Request, string.Equals);
        Law(Gen.Char.AlphaNumeric.Array[20].Select(cs => new string(cs)), c => VerifyToken.Create(c).Succ().Request, string.Equals);
        Law(Reference, qr => GenerateDeeplink.Create(qr).Succ().Request, string.Equals);
        Law(Gen.Char.AlphaNumeric.Array[1, 20].Select(cs => new string(cs) + "@bank"), id => CheckBakongAccount.Create(id).Succ().Request, string.Equals);
        Law(Generators.Hex(32).Array[1, 50].Where(a => a.Distinct().Count() == a.Length),
            md5s => CheckTransactionsByMd5List.Create(md5s).Succ().Request, (x, y) => x.SequenceEqual(y));
        Law(Generators.Hex(64).Array[1, 50].Where(a => a.Distinct().Count() == a.Length),
            hashes => CheckTransactionsByHashList.Create(hashes).Succ().Request, (x, y) => x.SequenceEqual(y));
    }
}
