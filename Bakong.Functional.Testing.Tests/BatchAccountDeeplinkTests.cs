using System.Text.Json;
using Bakong.Functional.Testing.Tests.Support;
using static Bakong.Functional.Testing.Tests.Support.FinAssert;

namespace Bakong.Functional.Testing.Tests;

public class BatchTests
{
    public static TheoryData<Face, BatchRowForm> FacesAndForms()
    {
        var data = new TheoryData<Face, BatchRowForm>();
        foreach (var face in new[] { Face.Handler, Face.Server })
            foreach (var form in new[] { BatchRowForm.UnderData, BatchRowForm.UnderTransaction, BatchRowForm.Inline })
                data.Add(face, form);
        return data;
    }

    [Theory]
    [MemberData(nameof(FacesAndForms))]
    public async Task Md5_list_rows_carry_every_status_in_every_row_form(Face face, BatchRowForm form)
    {
        await using var h = await Harness.Start(face, new BakongEmulator(new EmulatorOptions { BatchRowForm = form }));
        var paid = h.Emulator.AddPayment("paid qr", 2m, Currency.USD);
        var failed = h.Emulator.AddPayment(new PaymentSeed { Qr = "failed qr", Outcome = SeedOutcome.Failed });
        var staticQr = h.Emulator.AddPayment(new PaymentSeed { Qr = "static qr", Outcome = SeedOutcome.StaticQr });
        var unknown = Khqr.Md5("never seeded");

        var rows = Succ(await h.Client().SendAsync(CheckTransactionsByMd5List.Create([paid.Md5, failed.Md5, staticQr.Md5, unknown])));

        Assert.Equal(paid.Hash, Assert.IsType<BatchRow.Found>(rows[0]).Transaction.Hash);
        Assert.IsType<BatchRow.Failed>(rows[1]);
        Assert.IsType<BatchRow.StaticQr>(rows[2]);
        Assert.IsType<BatchRow.NotFound>(rows[3]);
    }

    [Theory]
    [MemberData(nameof(FacesAndForms))]
    public async Task Hash_list_rows_echo_the_hash(Face face, BatchRowForm form)
    {
        await using var h = await Harness.Start(face, new BakongEmulator(new EmulatorOptions { BatchRowForm = form }));
        var paid = h.Emulator.AddPayment("paid qr", 2m, Currency.USD);
        var unknown = new string('e', 64);

        var rows = Succ(await h.Client().SendAsync(CheckTransactionsByHashList.Create([unknown, paid.Hash])));

        Assert.IsType<BatchRow.NotFound>(rows[0]);
        var found = Assert.IsType<BatchRow.Found>(rows[1]);
        Assert.Equal(paid.Hash, found.Key);
        Assert.Equal(2m, found.Transaction.Amount);
    }

    [Fact]
    public async Task Batch_md5_polls_count_toward_visibility()
    {
        await using var h = await Harness.Start(Face.Handler);
        var pending = h.Emulator.AddPayment(new PaymentSeed { Qr = "later", VisibleAfterPolls = 1 });
        var client = h.Client();
        Assert.IsType<BatchRow.NotFound>(Succ(await client.SendAsync(CheckTransactionsByMd5List.Create([pending.Md5])))[0]);
        Assert.IsType<BatchRow.Found>(Succ(await client.SendAsync(CheckTransactionsByMd5List.Create([pending.Md5])))[0]);
    }

    [Theory]
    [InlineData(Face.Handler)]
    [InlineData(Face.Server)]
    public async Task More_than_50_keys_or_a_non_array_body_answer_code_5(Face face)
    {
        await using var h = await Harness.Start(face);
        var token = h.Emulator.IssueToken();
        var tooMany = "[" + string.Join(",", Enumerable.Range(0, 51).Select(i => $"\"{Khqr.Md5(i.ToString(System.Globalization.CultureInfo.InvariantCulture))}\"")) + "]";
        foreach (var (path, body) in new[] { (CheckTransactionsByMd5List.Path, tooMany), (CheckTransactionsByHashList.Path, tooMany), (CheckTransactionsByMd5List.Path, """{"md5":"x"}"""), (CheckTransactionsByHashList.Path, "[]") })
        {
            var (status, json) = await h.Post(path, body, token);
            Assert.Equal(200, status);
            Assert.Equal(1, json.GetProperty("responseCode").GetInt32());
            Assert.Equal(5, json.GetProperty("errorCode").GetInt32());
        }
    }

    [Fact]
    public async Task Exactly_50_keys_are_answered_row_by_row()
    {
        await using var h = await Harness.Start(Face.Handler);
        var keys = Enumerable.Range(0, 50).Select(i => Khqr.Md5($"k{i}")).ToList();
        var rows = Succ(await h.Client().SendAsync(CheckTransactionsByMd5List.Create(keys)));
        Assert.Equal(50, rows.Count);
        Assert.All(rows, r => Assert.IsType<BatchRow.NotFound>(r));
    }
}

public class AccountTests
{
    [Theory]
    [InlineData(Face.Handler)]
    [InlineData(Face.Server)]
    public async Task Accounts_exist_or_not_and_malformed_ids_answer_code_12(Face face)
    {
        await using var h = await Harness.Start(face);
        h.Emulator.AddAccount("shop@devb");
        var client = h.Client();

        Assert.True(Succ(await client.SendAsync(CheckBakongAccount.Create("shop@devb"))));
        Assert.False(Succ(await client.SendAsync(CheckBakongAccount.Create("ghost@devb"))));
        Assert.IsType<BakongError.Unauthorized>(Fail(await h.Client(authorized: false, token: new BakongEmulator().IssueToken()).SendAsync(CheckBakongAccount.Create("shop@devb"))));

        var (status, body) = await h.Post(CheckBakongAccount.Path, """{"accountId":"no-at-sign"}""", h.Emulator.IssueToken());
        Assert.Equal(200, status);
        Assert.Equal(12, body.GetProperty("errorCode").GetInt32());
    }

    [Fact]
    public async Task The_account_check_can_answer_without_a_token_as_live_has_been_seen_to()
    {
        await using var h = await Harness.Start(Face.Handler, new BakongEmulator(new EmulatorOptions { AccountCheckRequiresToken = false }));
        h.Emulator.AddAccount("shop@devb");
        var (status, body) = await h.Post(CheckBakongAccount.Path, """{"accountId":"shop@devb"}""");
        Assert.Equal(200, status);
        Assert.Equal(0, body.GetProperty("responseCode").GetInt32());
    }
}

public class DeeplinkTests
{
    [Theory]
    [InlineData(Face.Handler, DeeplinkForm.Standard)]
    [InlineData(Face.Server, DeeplinkForm.Standard)]
    [InlineData(Face.Handler, DeeplinkForm.NestedInData)]
    [InlineData(Face.Server, DeeplinkForm.NestedInData)]
    public async Task Deeplinks_are_generated_in_either_envelope(Face face, DeeplinkForm form)
    {
        await using var h = await Harness.Start(face, new BakongEmulator(new EmulatorOptions { DeeplinkForm = form }));
        var client = h.Client(authorized: false);

        var link = Succ(await client.SendAsync(GenerateDeeplink.Create("000201010212")));
        Assert.StartsWith("https://bakong.page.link/", link.AbsoluteUri, StringComparison.Ordinal);
        var withApp = Succ(await client.SendAsync(GenerateDeeplink.Create("000201010212", new SourceInfo("https://shop.example/icon.png", "Shop", "shop://paid"))));
        Assert.NotEqual(link, withApp);

        var (_, raw) = await h.Post(GenerateDeeplink.Path, """{"qr":"000201010212"}""");
        Assert.Equal(form == DeeplinkForm.Standard, raw.TryGetProperty("responseCode", out _));
        Assert.Equal(form == DeeplinkForm.NestedInData, raw.GetProperty("data").TryGetProperty("responseCode", out _));
    }

    [Theory]
    [InlineData(DeeplinkForm.Standard)]
    [InlineData(DeeplinkForm.NestedInData)]
    public async Task Empty_qr_or_partial_source_info_answers_code_5(DeeplinkForm form)
    {
        await using var h = await Harness.Start(Face.Handler, new BakongEmulator(new EmulatorOptions { DeeplinkForm = form }));
        foreach (var body in new[] { """{"qr":""}""", """{"qr":"000201","sourceInfo":{"appName":"Shop"}}""", "{}" })
        {
            var (status, json) = await h.Post(GenerateDeeplink.Path, body);
            Assert.Equal(200, status);
            var envelope = form == DeeplinkForm.Standard ? json : json.GetProperty("data");
            Assert.Equal(5, envelope.GetProperty("errorCode").GetInt32());
        }
    }
}
