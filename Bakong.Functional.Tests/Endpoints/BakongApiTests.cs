namespace Bakong.Functional.Tests.Endpoints;

/// <summary>The API description is complete and agrees with every endpoint's own declaration.</summary>
public class BakongApiTests
{
    [Fact]
    public void Every_endpoint_class_declares_its_operation_and_the_description_lists_it_once()
    {
        var declared = typeof(BakongClient).Assembly.GetExportedTypes()
            .Where(t => t.GetField("Path")?.IsLiteral == true)
            .Select(t => (Path: (string)t.GetField("Path")!.GetRawConstantValue()!, Operation: (BakongOperation?)t.GetProperty("Operation")?.GetValue(null)))
            .ToList();

        Assert.Equal(12, declared.Count);
        Assert.All(declared, d => Assert.Equal(d.Path, d.Operation?.Path));
        Assert.Equal(declared.Select(d => d.Operation!.Path).Order(), BakongApi.Operations.Select(o => o.Path).Order());
        Assert.Equal(BakongApi.Operations.Count, BakongApi.Operations.Select(o => o.Path).Distinct().Count());
    }

    [Fact]
    public void Only_the_lookups_and_the_account_check_are_repeatable_and_only_they_carry_the_token()
    {
        var repeatable = BakongApi.Operations.Where(o => o.IsRepeatable).Select(o => o.Name).Order();
        Assert.Equal(
            ["check_bakong_account", "check_transaction_by_external_ref", "check_transaction_by_hash", "check_transaction_by_hash_list",
             "check_transaction_by_instruction_ref", "check_transaction_by_md5", "check_transaction_by_md5_list", "check_transaction_by_short_hash"],
            repeatable);
        Assert.All(BakongApi.Operations, o => Assert.Equal(o.IsRepeatable, o.RequiresToken));
        Assert.All(BakongApi.Operations, o => Assert.Equal("POST", o.Method));
    }

    [Fact]
    public void Find_gives_the_operation_at_a_path_and_none_elsewhere()
    {
        Assert.Same(CheckTransactionByMd5.Operation, BakongApi.Find("/v1/check_transaction_by_md5").Match(o => o, () => null!));
        Assert.True(BakongApi.Find("/v1/check_transaction_by_anything").IsNone);
        Assert.True(BakongApi.Find("/V1/CHECK_TRANSACTION_BY_MD5").IsNone);
        Assert.True(BakongApi.Find(null).IsNone);
        Assert.Equal("check_transaction_by_md5", CheckTransactionByMd5.Operation.Name);
    }
}
