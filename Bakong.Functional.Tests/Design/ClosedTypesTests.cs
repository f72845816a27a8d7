using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Bakong.Functional.Tests.Design;

/// <summary>
/// The library's closed hierarchies cannot be extended from another assembly: a record's protected copy constructor
/// would otherwise let one through, and that case would reach the <c>Match</c> methods' unreachable arm.
/// </summary>
public sealed class ClosedTypesTests
{
    // The kinds that declare an abstract Response get it implemented, so the only error left is the one that closes them.
    private const string WithResponse = "public override ResponseInfo Response { get; init; } = null!;";

    public static TheoryData<string, string> ClosedTypes => new()
    {
        { "BakongError", "" },
        { "BakongError.ApiError", WithResponse },
        { "BakongError.HttpError", WithResponse },
        { "BakongError.NetworkError", "" },
        { "BakongError.ResponseError", WithResponse },
        { "PaymentOutcome", "" },
        { "PaymentDifference", "" },
        { "BatchRow", "" },
        { "KhqrAccount", "" },
    };

    [Theory]
    [MemberData(nameof(ClosedTypes))]
    public void A_subclass_in_another_assembly_fails_to_compile(string type, string members)
    {
        var errors = Compile($$"""
            using Bakong.Functional;
            public sealed record Rogue : {{type}}
            {
                public Rogue({{type}} original) : base(original) { }
                {{members}}
            }
            """);

        var error = Assert.Single(errors);
        Assert.Equal("CS0534", error.Id);
        Assert.Contains("ClosedCase", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_compilation_accepts_ordinary_use_of_the_types()
    {
        // Shows the failures above come from the closed hierarchies, not from a missing reference.
        var errors = Compile("""
            using Bakong.Functional;
            public static class Use
            {
                public static string Kind(BakongError e) => e.Match(api: _ => "api", http: _ => "http",
                    network: _ => "network", response: _ => "response", invalidInput: _ => "input");
                public static BatchRow Row() => new BatchRow.Missing("k");
            }
            public sealed record Wrapped(PaymentOutcome Outcome);
            """);

        Assert.Empty(errors);
    }

    private static ImmutableArray<Diagnostic> Compile(string source)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Append(typeof(BakongError).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            "Outside",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return [.. compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)];
    }
}
