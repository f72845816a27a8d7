using LanguageExt;

namespace Bakong.Functional;

/// <summary>The Bakong Open API as one list: every endpoint this library calls, in the order the API document gives them.</summary>
public static class BakongApi
{
    /// <summary>All twelve endpoints. A test checks that every endpoint's <c>Operation</c> is here.</summary>
    public static IReadOnlyList<BakongOperation> Operations { get; } =
    [
        RequestToken.Operation,
        VerifyToken.Operation,
        RenewToken.Operation,
        GenerateDeeplink.Operation,
        CheckTransactionByMd5.Operation,
        CheckTransactionByHash.Operation,
        CheckTransactionByShortHash.Operation,
        CheckTransactionByInstructionRef.Operation,
        CheckTransactionByExternalRef.Operation,
        CheckTransactionsByMd5List.Operation,
        CheckTransactionsByHashList.Operation,
        CheckBakongAccount.Operation,
    ];

    /// <summary>The endpoint served at <paramref name="path"/>, or None for a path outside the API.</summary>
    public static Option<BakongOperation> Find(string? path)
    {
        foreach (var operation in Operations)
            if (string.Equals(operation.Path, path, StringComparison.Ordinal))
                return operation;
        return Option<BakongOperation>.None;
    }
}
