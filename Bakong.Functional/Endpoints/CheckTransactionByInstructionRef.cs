using Bakong.Functional.Requests;
using LanguageExt;

namespace Bakong.Functional;

/// <summary><c>POST /v1/check_transaction_by_instruction_ref</c>: a transaction by its instruction reference (not in the upstream document; served live).</summary>
public static class CheckTransactionByInstructionRef
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = "/v1/check_transaction_by_instruction_ref";

    /// <summary>What the API description says about this endpoint.</summary>
    public static BakongOperation Operation { get; } = new(Path, RequiresToken: true, IsRepeatable: true);

    /// <summary>The lookup. Not found is a failure (errorCode 1); see <see cref="TransactionLookup.OrNone(Endpoint{Transaction})"/>.</summary>
    /// <remarks>A transaction that carries another instructionRef is <see cref="BakongError.Decode"/> at <c>.data.instructionRef</c>; one that carries none cannot be checked.</remarks>
    /// <param name="instructionRef">1 to 255 characters, no control characters.</param>
    public static Fin<Endpoint<Transaction>> Create(string? instructionRef)
    {
        var v = new Validator();
        v.Text("instructionRef", instructionRef, 1, 255);
        return v.IsValid
            ? TransactionLookup.Endpoint(Operation, RequestBody.Object(("instructionRef", instructionRef!)), t => TransactionLookup.ReferenceDisagreement(t.InstructionRef, instructionRef!, "instructionRef"))
            : v.Failure;
    }
}
