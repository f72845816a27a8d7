using Bakong.Functional.Reliability.Tests.Support;
using static Bakong.Functional.Reliability.Tests.Invariants.Hostile;

namespace Bakong.Functional.Reliability.Tests.Invariants;

/// <summary>
/// Invariant 1: an answer is about what was asked. A lookup answered with another transaction is an error, never a found
/// payment; a batch row goes to a requested key only when its echo and its transaction agree. Each test first shows the
/// honest answer is accepted, then that the hostile one is refused.
/// </summary>
public sealed class AnswerMatchesRequestTests(EmulatorFixture f) : IClassFixture<EmulatorFixture>
{
    private static string HashField(string hash) => $"\"hash\":\"{hash}\"";

    [Fact]
    public async Task A_hash_lookup_answered_with_another_transaction_is_a_decode_error_at_data_hash()
    {
        // Before: the other transaction came back as the payment asked for.
        var emulator = f.Fresh();
        var client = f.Client();
        Assert.Equal(f.Usd.Hash, (await client.SendAsync(CheckTransactionByHash.Create(f.Usd.Hash))).Succ().Hash);
        emulator.Inject(CheckTransactionByHash.Path, new Fault.Rewrite(b => b.Replace(HashField(f.Usd.Hash), HashField(f.Other.Hash), StringComparison.Ordinal)));
        AssertDecode(await client.SendAsync(CheckTransactionByHash.Create(f.Usd.Hash)), ".data.hash", f.Usd.Hash);
    }

    [Fact]
    public async Task A_hash_lookup_answered_with_a_whole_other_transaction_is_refused_even_through_OrNone()
    {
        // Before: Some(other transaction).
        var answer = Bodies.Success(Bodies.TransactionWith("hash", "\"" + new string('a', 64) + "\""));
        AssertDecode(await Serve(answer, c => c.SendAsync(CheckTransactionByHash.Create(Results.Hash).OrNone())), ".data.hash");
    }

    [Fact]
    public async Task A_hash_lookup_accepts_its_own_hash_in_upper_case_but_not_a_prefix_of_it()
    {
        // Before: a transaction whose hash was only the first 8 characters was accepted.
        Assert.Equal(Results.Hash.ToUpperInvariant(), (await Serve(Bodies.Success(Bodies.TransactionWith("hash", $"\"{Results.Hash.ToUpperInvariant()}\"")), ByHash)).Succ().Hash);
        AssertDecode(await Serve(Bodies.Success(Bodies.TransactionWith("hash", $"\"{Results.Hash[..8]}\"")), ByHash), ".data.hash");
    }

    [Fact]
    public async Task A_short_hash_lookup_answered_with_a_hash_of_another_prefix_is_refused()
    {
        // Before: accepted.
        var emulator = f.Fresh();
        var client = f.Client();
        var ask = () => client.SendAsync(CheckTransactionByShortHash.Create(f.Usd.ShortHash, 1.50m, Currency.USD));
        Assert.Equal(f.Usd.Hash, (await ask()).Succ().Hash);
        var foreign = "ffffffff" + f.Usd.Hash[8..];
        emulator.Inject(CheckTransactionByShortHash.Path, new Fault.Rewrite(b => b.Replace(HashField(f.Usd.Hash), HashField(foreign), StringComparison.Ordinal)));
        AssertDecode(await ask(), ".data.hash", f.Usd.ShortHash);
    }

    [Fact]
    public async Task A_short_hash_lookup_answered_with_another_amount_is_refused()
    {
        // Before: a transaction of 15.00 answered a lookup for 1.50 and was taken as found.
        var emulator = f.Fresh();
        emulator.Inject(CheckTransactionByShortHash.Path, new Fault.Rewrite(b => b.Replace("\"amount\":1.50", "\"amount\":15.00", StringComparison.Ordinal)));
        AssertDecode(await f.Client().SendAsync(CheckTransactionByShortHash.Create(f.Usd.ShortHash, 1.5m, Currency.USD)), ".data.amount", "1.5");
    }

    [Fact]
    public async Task A_short_hash_lookup_answered_in_another_currency_is_refused()
    {
        // Before: a KHR 1.50 transaction answered a USD 1.50 lookup.
        var emulator = f.Fresh();
        emulator.Inject(CheckTransactionByShortHash.Path, new Fault.Rewrite(b => b.Replace("\"currency\":\"USD\"", "\"currency\":\"KHR\"", StringComparison.Ordinal)));
        AssertDecode(await f.Client().SendAsync(CheckTransactionByShortHash.Create(f.Usd.ShortHash, 1.50m, Currency.USD)), ".data.currency", "USD");
    }

    [Fact]
    public async Task A_short_hash_lookup_answered_with_just_the_short_hash_is_refused()
    {
        // Before: "hash":"8465d722" satisfied a lookup for 8465d722 although it is no transaction hash.
        var answer = Bodies.Success(Bodies.TransactionWith("hash", $"\"{Results.Hash[..8]}\""));
        AssertDecode(await Serve(answer, c => c.SendAsync(CheckTransactionByShortHash.Create(Results.Hash[..8], 1.0m, Currency.USD))), ".data.hash", "64-hex");
        Assert.Equal(Results.Hash, (await Serve(Bodies.Success(Bodies.Transaction), c => c.SendAsync(CheckTransactionByShortHash.Create(Results.Hash[..8], 1.0m, Currency.USD)))).Succ().Hash);
    }

    [Fact]
    public async Task An_instruction_ref_lookup_answered_with_another_reference_is_refused()
    {
        // Before: the transaction of INS-OTHER-1 answered a lookup for INS-USD-1.
        var emulator = f.Fresh();
        var client = f.Client();
        Assert.Equal(Prelude.Some("INS-USD-1"), (await client.SendAsync(CheckTransactionByInstructionRef.Create("INS-USD-1"))).Succ().InstructionRef);
        emulator.Inject(CheckTransactionByInstructionRef.Path, new Fault.Rewrite(b => b.Replace("INS-USD-1", "INS-OTHER-1", StringComparison.Ordinal)));
        AssertDecode(await client.SendAsync(CheckTransactionByInstructionRef.Create("INS-USD-1")), ".data.instructionRef", "INS-USD-1");
    }

    [Fact]
    public async Task An_external_ref_lookup_answered_with_another_reference_is_refused_but_one_without_any_is_accepted()
    {
        // Before: EXT-OTHER-1 answered EXT-USD-1. A transaction without externalRef cannot be checked and stays accepted (documented).
        var emulator = f.Fresh();
        var client = f.Client();
        emulator.Inject(CheckTransactionByExternalRef.Path, new Fault.Rewrite(b => b.Replace("EXT-USD-1", "EXT-OTHER-1", StringComparison.Ordinal)));
        AssertDecode(await client.SendAsync(CheckTransactionByExternalRef.Create("EXT-USD-1")), ".data.externalRef", "EXT-USD-1");
        // The same reference in another case is the same reference: servers match them without regard to case.
        Assert.Equal(Prelude.Some("EXT-USD-1"), (await client.SendAsync(CheckTransactionByExternalRef.Create("ext-usd-1"))).Succ().ExternalRef);
        emulator.Inject(CheckTransactionByExternalRef.Path, new Fault.Rewrite(b => b.Replace(",\"externalRef\":\"EXT-USD-1\"", "", StringComparison.Ordinal)));
        Assert.True((await client.SendAsync(CheckTransactionByExternalRef.Create("EXT-USD-1"))).Succ().ExternalRef.IsNone);
    }

    [Fact]
    public async Task A_hash_list_row_whose_transaction_is_not_its_echoed_hash_is_refused()
    {
        // Before: Found(usd hash, other transaction).
        var emulator = f.Fresh();
        var client = f.Client();
        var hashes = new[] { f.Usd.Hash, f.Khr.Hash };
        var honest = (await client.SendAsync(CheckTransactionsByHashList.Create(hashes))).Succ();
        Assert.All(honest, r => Assert.Equal(r.Key, Assert.IsType<BatchRow.Found>(r).Transaction.Hash));
        // Only the transaction's own hash (under data) is changed; the row's echo stays.
        emulator.Inject(CheckTransactionsByHashList.Path, new Fault.Rewrite(b => b.Replace($"\"data\":{{{HashField(f.Usd.Hash)}", $"\"data\":{{{HashField(f.Other.Hash)}", StringComparison.Ordinal)));
        AssertDecode(await client.SendAsync(CheckTransactionsByHashList.Create(hashes)), ".data[0].data.hash", f.Usd.Hash);
    }

    [Fact]
    public async Task A_hash_list_row_that_names_another_requested_key_in_its_md5_field_is_not_given_to_that_key()
    {
        // Before: a row's "md5" echo beat its "hash" echo, so the USD row was filed under the KHR hash.
        var khr = f.Khr.Hash;
        var row = $$"""{"hash":"{{f.Usd.Hash}}","md5":"{{khr}}","status":"SUCCESS","message":"ok","data":{{Bodies.TransactionWith("hash", $"\"{f.Usd.Hash}\"")}}}""";
        var rows = (await Serve(Bodies.Success($"[{row}]"), c => c.SendAsync(CheckTransactionsByHashList.Create([f.Usd.Hash, khr])))).Succ();
        Assert.Equal(f.Usd.Hash, Assert.IsType<BatchRow.Found>(rows[0]).Transaction.Hash);
        Assert.IsType<BatchRow.Missing>(rows[1]);
    }

    [Fact]
    public async Task An_md5_list_row_that_echoes_its_key_in_the_hash_field_or_for_a_stranger_is_given_to_no_key()
    {
        // Before: a row with no "md5" but "hash": <the asked md5> was filed as Found under the asked md5.
        var asked = Results.Md5;
        var stranger = new string('b', 32);
        var rows = $$"""[{"md5":"{{stranger}}","status":"SUCCESS","data":{{Bodies.Transaction}}},{"hash":"{{asked}}","status":"SUCCESS","data":{{Bodies.Transaction}}}]""";
        var result = (await Serve(Bodies.Success(rows), c => c.SendAsync(CheckTransactionsByMd5List.Create([asked])))).Succ();
        Assert.IsType<BatchRow.Missing>(Assert.Single(result));
    }

    [Fact]
    public async Task A_second_row_for_the_same_key_is_a_decode_error_whichever_comes_first()
    {
        // Before: the first row won, so NOT_FOUND then SUCCESS said "not paid" and SUCCESS then FAILED said "paid".
        var emulator = f.Fresh();
        var client = f.Client();
        string Twice(string body)
        {
            var start = body.IndexOf("[{", StringComparison.Ordinal) + 1;
            var end = body.LastIndexOf("}]", StringComparison.Ordinal) + 1;
            var row = body[start..end];
            return body[..start] + row + "," + row.Replace("\"SUCCESS\"", "\"FAILED\"", StringComparison.Ordinal) + body[end..];
        }
        emulator.Inject(CheckTransactionsByMd5List.Path, new Fault.Rewrite(Twice));
        AssertDecode(await client.SendAsync(CheckTransactionsByMd5List.Create([f.Usd.Md5])), ".data[1].md5", "second row");
        var notFoundFirst = $$"""[{"md5":"{{Results.Md5}}","status":"NOT_FOUND"},{"md5":"{{Results.Md5}}","status":"SUCCESS","data":{{Bodies.Transaction}}}]""";
        AssertDecode(await Serve(Bodies.Success(notFoundFirst), c => c.SendAsync(CheckTransactionsByMd5List.Create([Results.Md5]))), ".data[1].md5");
    }

    [Fact]
    public async Task An_md5_list_row_naming_one_hash_beside_a_transaction_with_another_is_refused()
    {
        // Before: the nested transaction was taken and the row's own hash ignored.
        var emulator = f.Fresh();
        emulator.Inject(CheckTransactionsByMd5List.Path, new Fault.Rewrite(b => b.Replace("\"status\":\"SUCCESS\"", $"\"status\":\"SUCCESS\",{HashField(f.Other.Hash)}", StringComparison.Ordinal)));
        AssertDecode(await f.Client().SendAsync(CheckTransactionsByMd5List.Create([f.Usd.Md5])), ".data[0].data.hash", f.Other.Hash);
    }

    [Fact]
    public async Task A_hash_list_inline_row_carries_its_key_as_its_hash_and_is_accepted()
    {
        // Control (passes before and after): the inline form cannot disagree, as the row's hash is both echo and transaction hash.
        var row = Bodies.Transaction[..^1] + ",\"status\":\"SUCCESS\"}";
        var found = (await Serve(Bodies.Success($"[{row}]"), c => c.SendAsync(CheckTransactionsByHashList.Create([Results.Hash])))).Succ();
        Assert.Equal(Results.Hash, Assert.IsType<BatchRow.Found>(Assert.Single(found)).Transaction.Hash);
    }
}
