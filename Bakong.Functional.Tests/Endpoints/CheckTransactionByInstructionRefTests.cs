using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Endpoints;

public class CheckTransactionByInstructionRefTests
{
    [Fact]
    public void Builds_the_request_and_escapes_the_reference()
    {
        Assert.Equal(
            new BakongRequest("POST", "/v1/check_transaction_by_instruction_ref", """{"instructionRef":"INS \"1\""}""", RequiresToken: true, IsRepeatable: true),
            CheckTransactionByInstructionRef.Create("INS \"1\"").Succ().Request);
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("", "must not be empty or blank")]
    [InlineData("   ", "must not be empty or blank")]
    [InlineData("a\u0001b", "must not contain control characters")]
    public void Rejects_bad_references(string? value, string reason)
    {
        var e = CheckTransactionByInstructionRef.Create(value).FailAs<BakongError.InvalidInput, Endpoint<Transaction>>();
        Assert.Equal([new FieldError("instructionRef", reason)], e.Errors.ToArray());
    }

    [Fact]
    public void Rejects_an_overlong_reference()
    {
        var e = CheckTransactionByInstructionRef.Create(new string('x', 256)).FailAs<BakongError.InvalidInput, Endpoint<Transaction>>();
        Assert.Equal([new FieldError("instructionRef", "must be 1 to 255 characters")], e.Errors.ToArray());
    }
}
