using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit.Abstractions;

namespace Bakong.Functional.Tests.Design;

/// <summary>
/// Casts that unwrap a <c>Fin</c> or an <c>Option</c> (<c>(Transaction)answer</c>, <c>(Error)answer</c>,
/// <c>(int)code</c>) throw when the check before them is wrong; a match or a helper says both cases at once. The count
/// is kept under a ceiling so it can only go down.
/// </summary>
/// <remarks>
/// Counting method: the library's sources are compiled with Roslyn, and every cast expression whose operand's type is
/// <c>LanguageExt.Fin&lt;T&gt;</c> or <c>LanguageExt.Option&lt;T&gt;</c> is counted, per folder. It was 93 (77 outside
/// Runner/) before <c>Cases.TrySucc</c>, <c>TryFail</c> and <c>TrySome</c>, whose own three casts are counted too; 12 after.
/// Each cast is listed with <c>dotnet test --filter UnwrappingCastTests --logger "console;verbosity=detailed"</c>.
/// </remarks>
public sealed class UnwrappingCastTests(ITestOutputHelper output)
{
    // Runner/ matches every Fin it reads (FinCases.ErrorOf); the rest are in the JSON readers, which cast after a check of all fields at once.
    private const int RunnerCeiling = 0;
    private const int RestCeiling = 12;

    [Fact]
    public void Casts_that_unwrap_a_Fin_or_an_Option_stay_under_the_ceiling()
    {
        var found = Find();
        foreach (var cast in found)
            output.WriteLine($"{cast.Location}: {cast.Text}");
        var casts = found.GroupBy(c => c.Folder).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var (folder, count) in casts.OrderBy(c => c.Key, StringComparer.Ordinal))
            output.WriteLine($"{folder}: {count}");
        var runner = casts.GetValueOrDefault("Runner");
        var rest = casts.Values.Sum() - runner;
        output.WriteLine($"total: {runner + rest}, Runner: {runner}, without Runner: {rest}");

        Assert.True(rest <= RestCeiling, $"{rest} unwrapping casts outside Runner/, more than {RestCeiling}: use Match or a helper");
        Assert.True(runner <= RunnerCeiling, $"{runner} unwrapping casts in Runner/, more than {RunnerCeiling}");
    }

    [Fact]
    public void The_count_sees_a_cast_of_each_kind()
    {
        // Shows the count reads types, not text: a cast of a Fin or an Option is seen, a cast of an int is not.
        var (compilation, planted) = LayerChecker.With(("Model/Planted.cs", """
            using LanguageExt;
            static class C
            {
                static int A(Fin<int> f) => (int)f;
                static int B(Option<int> o) => (int)o;
                static LanguageExt.Common.Error E(Fin<int> f) => (LanguageExt.Common.Error)f;
                static long D(int i) => (long)i;
            }
            """));
        var counted = Casts(compilation, planted).Count();

        Assert.Equal(3, counted);
    }

    /// <summary>Every unwrapping cast in the library: its top folder, where it is, and its text.</summary>
    private static List<(string Folder, string Location, string Text)> Find() =>
        [.. Casts(LayerChecker.Library, LayerChecker.LibraryTrees(LayerChecker.Library)).Select(c => (
            Folder(c.SyntaxTree.FilePath),
            $"{c.SyntaxTree.FilePath}:{c.GetLocation().GetLineSpan().StartLinePosition.Line + 1}",
            c.ToString()))];

    private static string Folder(string inLibrary) => LayerChecker.LayerOf(inLibrary) is { Length: > 0 } layer ? layer : ".";

    private static IEnumerable<CastExpressionSyntax> Casts(CSharpCompilation compilation, IEnumerable<SyntaxTree> trees) =>
        trees.SelectMany(tree =>
        {
            var model = compilation.GetSemanticModel(tree);
            return tree.GetRoot().DescendantNodes().OfType<CastExpressionSyntax>()
                .Where(cast => model.GetTypeInfo(cast.Expression).Type is INamedTypeSymbol { Name: "Fin" or "Option", ContainingNamespace.Name: "LanguageExt" });
        });
}
