using Bakong.Functional.Endpoints;
using Bakong.Functional.Tests.Support;
using Bakong.Functional.Workflows;
using CsCheck;
using static LanguageExt.Prelude;

namespace Bakong.Functional.Tests.Workflows;

/// <summary>The settle rules: each payment's decision comes from its own rows, whatever the others' rows say.</summary>
public sealed class SettleRulesTests
{
    private static readonly string[] Keys =
    [
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "cccccccccccccccccccccccccccccccc",
        "dddddddddddddddddddddddddddddddd", "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "ffffffffffffffffffffffffffffffff",
    ];

    private static readonly ExpectedPayment Expect = new("shop@devb", Currency.USD, 1.5m);

    private static Asked[] Ask(params string[] keys) => keys.Select(k => new Asked(k, Some(Expect))).ToArray();

    [Fact]
    public void Each_row_of_a_spoiled_answer_is_kept_apart_and_spoils_only_its_own_key()
    {
        var rows = CheckTransactionsByMd5List.CreateEach(Keys).Succ()
            .Decode(Fixture.Response("check_transaction_by_md5_list.spoiled.json")).Succ().ToArray();

        Assert.Equal(9, rows.Length);
        Assert.IsType<BatchRow.Found>((BatchRow)rows[0].Row);
        // The second row for b, in another case, still names b.
        Assert.Equal([Keys[1], Keys[1]], new[] { (string)rows[1].Key, (string)rows[2].Key });
        Assert.Equal(("[3]", "a transaction for status SUCCESS"), (((DecodeError)rows[3].Problem).Path, ((DecodeError)rows[3].Problem).Expected));
        Assert.Equal(Some(Keys[3]), rows[4].Key);
        Assert.Equal("[4].data.amount", ((DecodeError)rows[4].Problem).Path);
        Assert.True(rows[6].Row.IsNone && rows[6].Problem.IsNone);
        Assert.Equal("0000000000000000000000000000000f", (string)rows[6].Key);
        Assert.True(rows[7].Key.IsNone);
        Assert.True(rows[8].Key.IsNone && rows[8].Problem.IsSome);

        var decided = SettleRules.DecideList(rows.ToSeq(), Ask(Keys), untrustedInARow: 0);
        var d = decided.Decisions;
        Assert.IsType<PaymentOutcome.Paid>(d[0].Outcome);
        Assert.Equal((Verdict.AskAlone, AnswerAnomaly.DuplicateRow), (d[1].Verdict, d[1].Anomaly));
        Assert.Equal((Verdict.AskAlone, AnswerAnomaly.UnreadableRow), (d[2].Verdict, d[2].Anomaly));
        Assert.Equal((Verdict.AskAlone, AnswerAnomaly.UnreadableRow), (d[3].Verdict, d[3].Anomaly));
        Assert.IsType<PaymentOutcome.StaticQr>(d[4].Outcome);
        Assert.Equal((Verdict.AskAlone, AnswerAnomaly.MissingRow), (d[5].Verdict, d[5].Anomaly));
        Assert.Equal(1, decided.Anomalies.Count(a => a == AnswerAnomaly.UnaskedRow));
        Assert.Equal(2, decided.Anomalies.Count(a => a == AnswerAnomaly.UnlabelledRow));
    }

    [Fact]
    public void The_strict_decoder_still_refuses_the_same_answer_as_a_whole()
    {
        var error = CheckTransactionsByMd5List.Create(Keys).Succ()
            .Decode(Fixture.Response("check_transaction_by_md5_list.spoiled.json")).FailAs<BakongError.Decode, Seq<BatchRow>>();
        Assert.Equal(".data[2].md5", error.Problem.Path);
    }

    [Fact]
    public void An_untrusted_whole_answer_is_not_heard_and_the_third_in_a_row_asks_each_payment_alone()
    {
        var garbled = Fin<Seq<ListRow>>.Fail(new BakongError.Decode(new DecodeError("", "a JSON value, but the body is empty"), new ResponseInfo(200, "")));
        var first = SettleRules.DecideList(garbled, Ask(Keys), untrustedInARow: 0);
        Assert.All(first.Decisions, d => Assert.Equal((Verdict.NotHeard, AnswerAnomaly.Garbled), (d.Verdict, d.Anomaly)));
        Assert.Equal(new[] { AnswerAnomaly.Garbled }, first.Anomalies.ToArray());
        var third = SettleRules.DecideList(garbled, Ask(Keys), untrustedInARow: 2);
        Assert.All(third.Decisions, d => Assert.Equal(Verdict.AskAlone, d.Verdict));
        // No answer at all is never isolated: an outage would only multiply requests.
        var down = SettleRules.DecideList(Fin<Seq<ListRow>>.Fail(new BakongError.Transport("refused")), Ask(Keys), untrustedInARow: 9);
        Assert.All(down.Decisions, d => Assert.Equal((Verdict.NotHeard, AnswerAnomaly.NoAnswer), (d.Verdict, d.Anomaly)));
    }

    [Fact]
    public void One_verdict_for_a_whole_list_never_settles_its_payments_unless_waiting_cannot_fix_it()
    {
        var failed = Fin<Seq<ListRow>>.Fail(new BakongError.ApiFailure(ApiErrorCode.TransactionFailed, "Transaction failed.", new ResponseInfo(200, "")));
        Assert.All(SettleRules.DecideList(failed, Ask(Keys), 0).Decisions, d => Assert.Equal((Verdict.NotHeard, AnswerAnomaly.UnexpectedAnswer), (d.Verdict, d.Anomaly)));
        var refused = new BakongError.Unauthorized(new ResponseInfo(401, ""));
        Assert.All(SettleRules.DecideList(Fin<Seq<ListRow>>.Fail(refused), Ask(Keys), 0).Decisions,
            d => Assert.Same(refused, Assert.IsType<PaymentOutcome.Error>(d.Outcome).Reason));
    }

    [Theory]
    [InlineData(401, true)]
    [InlineData(403, true)]
    [InlineData(404, true)]
    [InlineData(400, false)]
    [InlineData(429, false)]
    [InlineData(500, false)]
    [InlineData(302, false)]
    public void Only_the_listed_causes_end_a_check_for_good(int status, bool final)
    {
        var error = BakongResponse.Of(status, status == 403 ? """{"responseCode":1,"errorCode":null,"responseMessage":"no"}""" : "<html/>");
        var decoded = CheckTransactionByMd5.Create(Keys[0]).Succ().Decode(error).Fail();
        Assert.Equal(final, SettleRules.CannotBeFixedByWaiting(decoded));
        Assert.Equal(!final, SettleRules.IsNotHeard(decoded));
    }

    [Fact]
    public void Garbled_invalid_and_refused_answers_have_their_kinds()
    {
        var info = new ResponseInfo(200, "");
        Assert.Equal(AnswerAnomaly.Garbled, SettleRules.AnomalyOf(new BakongError.Decode(new DecodeError("", "x"), info)));
        Assert.Equal(AnswerAnomaly.TooLarge, SettleRules.AnomalyOf(new BakongError.ResponseTooLarge(10, info)));
        Assert.Equal(AnswerAnomaly.NoAnswer, SettleRules.AnomalyOf(new BakongError.Timeout(TimeSpan.FromSeconds(1))));
        Assert.Equal(AnswerAnomaly.UnexpectedAnswer, SettleRules.AnomalyOf(new BakongError.UnexpectedStatus(new ResponseInfo(302, ""))));
        Assert.True(SettleRules.CannotBeFixedByWaiting(BakongError.InvalidInput.Of("md5", "bad")));
        Assert.True(SettleRules.CannotBeFixedByWaiting(new BakongError.ApiFailure(ApiErrorCode.Unauthorized, "", info)));
        Assert.False(SettleRules.IsNotHeard(new BakongError.Cancelled()));
    }

    // ---- the property ---------------------------------------------------------------------------------------------

    private enum RowKind { Paid, Underpaid, NotFound, Failed, Static, Other, Unreadable }

    private static readonly Transaction PaidTx = new("8465d722d7d5065f2886f0a474a4d34dc6a7855355b611836f7b6111228893e9", "payer@abaa", "shop@devb", Currency.USD, 1.5m,
        None, None, None, None, None, None, None, None);

    private static readonly Transaction UnderpaidTx = PaidTx with { Amount = 1.0m };

    private static ListRow Row(string key, RowKind kind, int index) => kind switch
    {
        RowKind.Paid => new ListRow(index, Some(key), Some<BatchRow>(new BatchRow.Found(key, PaidTx)), None),
        RowKind.Underpaid => new ListRow(index, Some(key), Some<BatchRow>(new BatchRow.Found(key, UnderpaidTx)), None),
        RowKind.NotFound => new ListRow(index, Some(key), Some<BatchRow>(new BatchRow.NotFound(key, "")), None),
        RowKind.Failed => new ListRow(index, Some(key), Some<BatchRow>(new BatchRow.Failed(key, "failed")), None),
        RowKind.Static => new ListRow(index, Some(key), Some<BatchRow>(new BatchRow.StaticQr(key, "")), None),
        RowKind.Other => new ListRow(index, Some(key), Some<BatchRow>(new BatchRow.OtherStatus(key, "SERVICE_FAILED", "")), None),
        _ => new ListRow(index, Some(key), None, Some(new DecodeError($"[{index}]", "a transaction for status SUCCESS"))),
    };

    private static string Describe(Decision d) =>
        $"{d.Verdict}/{d.Anomaly}/{d.Outcome?.GetType().Name}/{(d.Outcome as PaymentOutcome.Paid)?.Transaction.Amount}{(d.Outcome as PaymentOutcome.Mismatch)?.Transaction.Amount}";

    private static readonly Gen<RowKind> Kind = Gen.Enum<RowKind>();

    /// <summary>Asked keys (1 to 50), each with 0 to 3 rows of its own, plus noise: rows of keys nobody asked and unlabelled rows.</summary>
    private static readonly Gen<(string[] Keys, (int Owner, RowKind Kind)[] Own, (int Noise, RowKind Kind)[] Noise, int Seed)> Answer =
        from count in Gen.Int[1, 50]
        from own in Gen.Select(Gen.Int[0, count - 1], Kind).Array[0, 80]
        from noise in Gen.Select(Gen.Int[0, 2], Kind).Array[0, 20]
        from seed in Gen.Int
        select (Enumerable.Range(0, count).Select(i => i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture)).ToArray(), own, noise, seed);

    [Fact]
    public void A_payments_decision_depends_only_on_the_rows_about_it_whatever_is_shuffled_added_or_garbled_around_it()
    {
        Answer.Sample(a =>
        {
            var asked = Ask(a.Keys);
            var own = a.Own.Select((r, i) => Row(a.Keys[r.Owner], r.Kind, i)).ToList();
            var noise = a.Noise.Select((n, i) => n.Noise switch
            {
                0 => Row("ffffffffffffffffffffffffffffff" + (i % 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture), n.Kind, 1000 + i),
                1 => new ListRow(1000 + i, None, None, Some(new DecodeError("", "a row that names its md5"))),
                _ => new ListRow(1000 + i, None, None, None),
            }).ToList();
            var random = new Random(a.Seed);
            var everything = own.Concat(noise).OrderBy(_ => random.Next()).ToList();
            var full = SettleRules.DecideList(everything.ToSeq(), asked, 0).Decisions;
            for (var k = 0; k < a.Keys.Length; k++)
            {
                // The same payment asked alone, with only its own rows, in their own order.
                var alone = SettleRules.DecideList(everything.Where(r => r.Key.Exists(x => x == a.Keys[k])).ToSeq(), [asked[k]], 0).Decisions[0];
                if (Describe(full[k]) != Describe(alone))
                    return false;
                // One readable row settles or waits by that row; none, two, or a bad one ask alone.
                var mine = own.Count(r => r.Key.Exists(x => x == a.Keys[k]));
                if (mine == 0 && full[k].Verdict != Verdict.AskAlone)
                    return false;
                if (mine >= 2 && full[k].Verdict != Verdict.AskAlone)
                    return false;
                if (full[k].Outcome is PaymentOutcome.Paid && mine != 1)
                    return false;
            }
            return true;
        }, iter: 2000);
    }
}
