using Bakong.Functional.Endpoints;
using Bakong.Functional.Tests.Support;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using static LanguageExt.Prelude;

namespace Bakong.Functional.Tests.Workflows;

/// <summary>
/// Rules kept in one place: the md5 rule (the endpoint, the watcher and the batch check refuse the same md5s with the same
/// reason), and the reading of a single lookup's answer (the watcher's single lookups and the batch check's fallback read
/// errorCode 1, 2 and 3 the same way, with the same fallback for every other failure).
/// </summary>
public sealed class OneRuleTests
{
    private const string Key = Fixture.Md5;
    private static readonly ResponseInfo Info = new(200, "{}");
    private static readonly ExpectedPayment Expect = new("shop@devb", Currency.USD, 1.5m);

    /// <summary>Strings near an md5 and far from it: right and wrong lengths, upper case, non-hex, control and non-ASCII digits.</summary>
    private static readonly Gen<string?> Md5Candidates = Gen.OneOf(
        Generators.Hex(32).Select(s => (string?)s),
        Generators.Hex(32).Select(s => (string?)s.ToUpperInvariant()),
        Gen.Int[0, 40].SelectMany(n => Generators.Hex(n)).Select(s => (string?)s),
        Generators.Hex(31).SelectMany(s => Gen.Char["g \n٣Zf0"].Select(c => (string?)(s + c))),
        Gen.String.Select(s => (string?)s),
        Gen.Const(() => (string?)null));

    [Fact]
    public async Task The_watcher_and_the_batch_check_refuse_an_md5_as_the_endpoint_does()
    {
        var fake = new FakeBakong((path, body, _) => Canned.Json(path == CheckTransactionByMd5.Path ? Envelopes.NotFound : Envelopes.Rows([], _ => false)));
        var client = Clients.For(fake);
        var clock = new FakeTimeProvider(Support.Clock.Start);
        await using var watcher = new PaymentWatcher(client, timeProvider: clock);
        await Md5Candidates.SampleAsync(async md5 =>
        {
            var endpoint = CheckTransactionByMd5.Create(md5);
            var watched = watcher.Watch(md5, clock.GetUtcNow().AddMinutes(5));
            watcher.Remove(md5);
            var batch = await client.CheckManyByMd5Async([md5]);
            if (endpoint.IsSucc)
                return !(watched.IsCompleted && watched.Result is PaymentOutcome.Error { Reason: BakongError.InvalidInput })
                    && batch.IsSucc;
            var expected = Assert.Single(endpoint.FailAs<BakongError.InvalidInput, Endpoint<Transaction>>().Errors);
            var fromWatcher = Assert.IsType<BakongError.InvalidInput>(Assert.IsType<PaymentOutcome.Error>(watched.Result).Reason);
            var fromBatch = batch.FailAs<BakongError.InvalidInput, Seq<BatchItem>>();
            return fromWatcher.Errors.ToArray().SequenceEqual([expected])
                && fromBatch.Errors.ToArray().SequenceEqual([expected with { Field = "md5s[0]" }]);
        }, iter: 300);
    }

    /// <summary>Every kind of answer a single lookup can give: transactions, each errorCode, and every other kind of error.</summary>
    private static IEnumerable<Fin<Transaction>> Answers()
    {
        foreach (var t in Generators.Transaction.Array[40].Single())
            yield return t;
        yield return new Transaction(Envelopes.Hash, "a@b", Expect.ToAccountId, Currency.USD, 1.5m, "", None, None, None, None, None, None, None);
        foreach (var code in Enum.GetValues<ApiErrorCode>())
            yield return new BakongError.ApiFailure(code, $"code {(int)code}", Info);
        foreach (var error in Errors.BakongErrorTests.OneOfEach)
            yield return error;
    }

    [Fact]
    public void A_single_lookup_reads_errorCodes_1_2_and_3_as_rows_and_keeps_every_other_failure()
    {
        var t = Generators.Transaction.Single();
        Assert.Equal(new BatchRow.Found(Key, t), TransactionLookup.AsRow(Key, t).Succ());
        Assert.Equal(new BatchRow.NotFound(Key, "nf"), TransactionLookup.AsRow(Key, new BakongError.ApiFailure(ApiErrorCode.TransactionNotFound, "nf", Info)).Succ());
        Assert.Equal(new BatchRow.StaticQr(Key, "sq"), TransactionLookup.AsRow(Key, new BakongError.ApiFailure(ApiErrorCode.StaticQrNotSupported, "sq", Info)).Succ());
        Assert.Equal(new BatchRow.Failed(Key, "tf"), TransactionLookup.AsRow(Key, new BakongError.ApiFailure(ApiErrorCode.TransactionFailed, "tf", Info)).Succ());
        foreach (var answer in Answers().Where(a => a.IsFail))
        {
            var error = answer.Fail();
            if (error is BakongError.ApiFailure { ErrorCode: ApiErrorCode.TransactionNotFound or ApiErrorCode.StaticQrNotSupported or ApiErrorCode.TransactionFailed })
                continue;
            Assert.Same(error, TransactionLookup.AsRow(Key, answer).Fail());
        }
    }

    [Fact]
    public void The_watcher_decides_a_single_lookup_as_it_decides_the_same_row_in_a_list()
    {
        foreach (var answer in Answers())
        {
            var single = SettleRules.DecideSingle(answer, Some(Expect));
            var row = TransactionLookup.AsRow(Key, answer);
            if (row.IsSucc)
            {
                var listed = SettleRules.DecideList(Seq1(new ListRow(0, Some(Key), Some(row.Succ()), None)), [new Asked(Key, Some(Expect))], untrustedInARow: 0);
                Assert.Equal(listed.Decisions[0], single);
            }
            else
            {
                var error = row.Fail();
                Assert.Equal(SettleRules.CannotBeFixedByWaiting(error) ? Verdict.Settle : Verdict.NotHeard, single.Verdict);
                Assert.Equal(SettleRules.IsNotHeard(error) || error is BakongError.Cancelled, single.Verdict == Verdict.NotHeard);
            }
        }
    }
}
