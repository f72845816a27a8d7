using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Bakong.Functional.Tests.Design;

/// <summary>
/// The library's folders are layers that point one way (<see cref="LayerChecker.Order"/>), and internal types live in
/// their folder's namespace. Checked over the library's source with Roslyn, since public types share one namespace.
/// </summary>
public sealed class LayerTests
{
    private static CSharpCompilation Compilation => LayerChecker.Library;

    private static IEnumerable<SyntaxTree> Trees => LayerChecker.LibraryTrees(LayerChecker.Library);

    [Fact]
    public void Every_reference_points_down_the_layers()
    {
        var violations = LayerChecker.Violations(LayerChecker.LibraryEdges).Select(v => v.ToString()).ToList();

        Assert.True(violations.Count == 0,
            $"Folders may use only themselves and the folders before them in {string.Join(" -> ", LayerChecker.Order)}:\n"
            + string.Join("\n", violations));
    }

    [Fact]
    public void Every_file_sits_in_a_known_layer()
    {
        var outside = Trees.Select(t => t.FilePath).Where(f => LayerChecker.Rank(LayerChecker.LayerOf(f)) < 0).ToList();

        Assert.Empty(outside);
    }

    [Fact]
    public void Every_type_is_in_its_folders_namespace_and_in_one_folder()
    {
        var problems = LayerChecker.NamespaceProblems(Compilation, Trees).ToList();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_library_source_binds_completely_so_no_reference_goes_unseen()
    {
        // Log's methods are written by the logging source generator, which this compilation does not run.
        var errors = Compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS8795")
            .Select(d => d.ToString())
            .ToList();

        Assert.Empty(errors);
    }

    [Fact]
    public void The_layers_seen_include_the_known_downward_uses()
    {
        // Guards the checker itself: an edge walk that saw nothing would pass every rule.
        var edges = LayerChecker.LibraryEdges.Select(e => e.ToString()).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("Workflows/PaymentWatcher.cs (Workflows) uses Bakong.Functional.BakongClient (Runner)", edges);
        Assert.Contains(edges, e => e.StartsWith("Requests/ResponseDecoding.cs (Requests) uses Bakong.Functional.Json.Envelope", StringComparison.Ordinal) && e.EndsWith("(Json)", StringComparison.Ordinal));
        Assert.Contains("Requests/Endpoint.cs (Requests) uses Bakong.Functional.BakongError (Errors)", edges);
    }

    public static TheoryData<string, string, string> PlantedBackEdges => new()
    {
        // A member's declared type.
        { "Model/Planted.cs", "internal static class Planted { internal static PaymentWatcherOptions? Options; }", "Bakong.Functional.PaymentWatcherOptions (Workflows)" },
        // typeof, with nothing but the name.
        { "Errors/Planted.cs", "internal static class Planted { internal static readonly Type T = typeof(BakongClient); }", "Bakong.Functional.BakongClient (Runner)" },
        // A static property read through var.
        { "Json/Planted.cs", "internal static class Planted { internal static object Uri() { var u = BakongEnvironment.Production; return u; } }", "Bakong.Functional.BakongEnvironment (Runner)" },
        // An internal type of a higher folder, by its namespace.
        { "Requests/Planted.cs", "internal static class Planted { internal static string? Tag => Bakong.Functional.Diagnostics.Telemetry.Tags.Outcome; }", "Bakong.Functional.Diagnostics.Telemetry.Tags (Diagnostics)" },
        // An extension method, called as one.
        { "Endpoints/Planted.cs", "internal static class Planted { internal static object W(PaymentWatcher w, KhqrCode c) => w.Watch(c); }", "Bakong.Functional.KhqrPayments (Workflows)" },
        // A base type.
        { "Khqr/Planted.cs", "internal interface IPlanted : IAccessTokenSource { }", "Bakong.Functional.IAccessTokenSource (Runner)" },
        // A using alias.
        { "Runner/Planted.cs", "using W = Bakong.Functional.PaymentWatcher; internal static class Planted { internal static W? Watcher; }", "Bakong.Functional.PaymentWatcher (Workflows)" },
    };

    [Theory]
    [MemberData(nameof(PlantedBackEdges))]
    public void A_planted_back_edge_is_named_with_its_file_and_the_type_it_uses(string path, string source, string used)
    {
        var (compilation, trees) = LayerChecker.With((path, "namespace Bakong.Functional;\n" + source));

        var violations = LayerChecker.Violations(LayerChecker.Edges(compilation, trees)).Select(v => v.ToString()).ToList();

        Assert.Contains($"{path} ({LayerChecker.LayerOf(path)}) uses {used}", violations);
        Assert.DoesNotContain(compilation.GetSemanticModel(trees[0]).GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void A_planted_downward_use_is_an_edge_but_no_violation()
    {
        var (compilation, trees) = LayerChecker.With(("Workflows/Planted.cs",
            "namespace Bakong.Functional.Workflows;\ninternal static class Planted { internal static decimal Amount(Transaction t) => t.Amount; }"));

        Assert.Contains(LayerChecker.Edges(compilation, trees), e => e.ToString() == "Workflows/Planted.cs (Workflows) uses Bakong.Functional.Transaction (Model)");
        Assert.Empty(LayerChecker.Violations(LayerChecker.Edges(compilation, trees)));
    }

    [Theory]
    [InlineData("Model/Planted.cs", "namespace Bakong.Functional;\ninternal static class Planted { }",
        "Model/Planted.cs: internal Planted is in Bakong.Functional, not Bakong.Functional.Model")]
    [InlineData("Khqr/Planted.cs", "namespace Bakong.Functional.Khqr2;\ninternal static class Planted { }",
        "Khqr/Planted.cs: internal Planted is in Bakong.Functional.Khqr2, not Bakong.Functional.KhqrFormat")]
    [InlineData("Runner/Planted.cs", "namespace Bakong.Functional.Runner;\npublic static class Planted { }",
        "Runner/Planted.cs: public Planted is in Bakong.Functional.Runner, not Bakong.Functional")]
    [InlineData("Json/Planted.cs", "namespace Bakong.Functional;\ninternal delegate void Planted();",
        "Json/Planted.cs: internal Planted is in Bakong.Functional, not Bakong.Functional.Json")]
    [InlineData("Runner/Planted.cs", "namespace Bakong.Functional;\npublic sealed partial class PaymentWatcher { }",
        "Runner/Planted.cs: a part of PaymentWatcher, which is in Workflows")]
    public void A_planted_type_in_the_wrong_namespace_or_folder_is_named(string path, string source, string problem)
    {
        var (compilation, trees) = LayerChecker.With((path, source));

        Assert.Equal([problem], LayerChecker.NamespaceProblems(compilation, trees));
    }
}
