using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Bakong.Functional.Tests.Support;
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
/// Runner/) before <c>Cases.TrySucc</c>, <c>TryFail</c> and <c>TrySome</c>, whose own three casts are counted too; 20 after.
/// Each cast is listed with <c>dotnet test --filter UnwrappingCastTests --logger "console;verbosity=detailed"</c>.
/// </remarks>
public sealed class UnwrappingCastTests(ITestOutputHelper output)
{
    // Runner/ matches every Fin it reads (FinCases.ErrorOf); the rest are in the JSON readers and token renewal.
    private const int RunnerCeiling = 0;
    private const int RestCeiling = 20;

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
        var counted = Casts(Compilation([CSharpSyntaxTree.ParseText("""
            using LanguageExt;
            static class C
            {
                static int A(Fin<int> f) => (int)f;
                static int B(Option<int> o) => (int)o;
                static LanguageExt.Common.Error E(Fin<int> f) => (LanguageExt.Common.Error)f;
                static long D(int i) => (long)i;
            }
            """, Parse)])).Count();

        Assert.Equal(3, counted);
    }

    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Latest);

    /// <summary>Every unwrapping cast in the library: its top folder, where it is, and its text.</summary>
    private static List<(string Folder, string Location, string Text)> Find()
    {
        var trees = Repository.LibrarySources()
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), Parse, f))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, Parse))
            .ToList();
        return [.. Casts(Compilation(trees)).Select(c => (
            Folder(Repository.InLibrary(c.SyntaxTree.FilePath)),
            $"{Repository.InLibrary(c.SyntaxTree.FilePath)}:{c.GetLocation().GetLineSpan().StartLinePosition.Line + 1}",
            c.ToString()))];
    }

    private static string Folder(string inLibrary) => inLibrary.Contains('/', StringComparison.Ordinal) ? inLibrary[..inLibrary.IndexOf('/', StringComparison.Ordinal)] : ".";

    private static IEnumerable<CastExpressionSyntax> Casts(CSharpCompilation compilation) =>
        compilation.SyntaxTrees.SelectMany(tree =>
        {
            var model = compilation.GetSemanticModel(tree);
            return tree.GetRoot().DescendantNodes().OfType<CastExpressionSyntax>()
                .Where(cast => model.GetTypeInfo(cast.Expression).Type is INamedTypeSymbol { Name: "Fin" or "Option", ContainingNamespace.Name: "LanguageExt" });
        });

    private static CSharpCompilation Compilation(IEnumerable<SyntaxTree> trees)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Append(typeof(Fin<>).Assembly.Location)
            .Append(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(path => MetadataReference.CreateFromFile(path));
        return CSharpCompilation.Create("Counted", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
    }

    // What ImplicitUsings gives a class library.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;
}
