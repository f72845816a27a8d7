using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Bakong.Functional.Tests.Design;

/// <summary>One type that one source file of the library refers to, with the folders (layers) of both.</summary>
internal sealed record LayerEdge(string File, string FromLayer, string Type, string ToLayer)
{
    public override string ToString() => $"{File} ({FromLayer}) uses {Type} ({ToLayer})";
}

/// <summary>
/// Reads the library's own source with Roslyn and finds, for each file, the library types it refers to. A type's layer
/// is the top folder of the file that declares it, so the check sees public types too, which all share one namespace.
/// </summary>
internal static class LayerChecker
{
    /// <summary>
    /// The library's top folders from the bottom up. A file may use types of its own folder and of any folder listed
    /// before it, never one listed after it. The values come first (the model, errors, the JSON readers, request and
    /// response values with a response's decoding, KHQR, the endpoints), then diagnostics, the runner, and the workflows on top.
    /// </summary>
    public static readonly ImmutableArray<string> Order =
        ["Model", "Errors", "Json", "Requests", "Khqr", "Endpoints", "Diagnostics", "Runner", "Workflows"];

    /// <summary>The namespace every public type is in: one <c>using</c> for every user.</summary>
    public const string PublicNamespace = "Bakong.Functional";

    /// <summary>
    /// The namespace of a folder's internal types: the folder's name under <see cref="PublicNamespace"/>, except
    /// Khqr's, since <c>Bakong.Functional.Khqr</c> is the public class that makes and reads codes.
    /// </summary>
    public static string InternalNamespace(string layer) =>
        layer == "Khqr" ? PublicNamespace + ".KhqrFormat" : PublicNamespace + "." + layer;

    public static string LibraryDirectory { get; } = FindLibrary();

    // One parse, one compilation and one walk of the library, shared by every test that reads them.
    private static readonly Lazy<CSharpCompilation> Shared = new(Compile);
    private static readonly Lazy<ImmutableArray<LayerEdge>> SharedEdges = new(() => [.. Edges(Library, LibraryTrees(Library))]);

    public static CSharpCompilation Library => Shared.Value;

    /// <summary>Every reference from one folder of the library to a type in another.</summary>
    public static ImmutableArray<LayerEdge> LibraryEdges => SharedEdges.Value;

    public static CSharpParseOptions ParseOptions { get; } = new(
        LanguageVersion.Latest,
        preprocessorSymbols: ["NET", "NET10_0", "NET10_0_OR_GREATER", "NET9_0_OR_GREATER", "NET8_0_OR_GREATER",
            "NET7_0_OR_GREATER", "NET6_0_OR_GREATER", "NET5_0_OR_GREATER", "NETCOREAPP"]);

    /// <summary>The layer of a file, from its path relative to the library folder ("Model/Transaction.cs" is in Model).</summary>
    public static string LayerOf(string relativePath)
    {
        var slash = relativePath.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? "" : relativePath[..slash];
    }

    public static int Rank(string layer) => Order.IndexOf(layer);

    /// <summary>Every reference from a file of <paramref name="trees"/> to a library type in another layer.</summary>
    public static IEnumerable<LayerEdge> Edges(CSharpCompilation compilation, IEnumerable<SyntaxTree> trees)
    {
        foreach (var tree in trees)
        {
            var file = tree.FilePath;
            var from = LayerOf(file);
            var model = compilation.GetSemanticModel(tree);
            var seen = new System.Collections.Generic.HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                foreach (var type in Referenced(model, node))
                {
                    if (!seen.Add(type)) continue;
                    var to = DeclaringLayer(type);
                    if (to is not null && to != from)
                        yield return new LayerEdge(file, from, type.ToDisplayString(), to);
                }
            }
        }
    }

    /// <summary>The references that point against <see cref="Order"/>, or from a file outside every layer.</summary>
    public static IEnumerable<LayerEdge> Violations(IEnumerable<LayerEdge> edges) =>
        edges.Where(e => Rank(e.FromLayer) < 0 || Rank(e.ToLayer) < 0 || Rank(e.ToLayer) > Rank(e.FromLayer));

    /// <summary>
    /// Each top-level type of <paramref name="trees"/> whose namespace is not its folder's (public types are in
    /// <see cref="PublicNamespace"/>, the others in <see cref="InternalNamespace"/> of their folder), and each part of
    /// a partial type in another folder than its first part.
    /// </summary>
    public static IEnumerable<string> NamespaceProblems(CSharpCompilation compilation, IEnumerable<SyntaxTree> trees)
    {
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            var topLevel = tree.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
                .Where(n => n is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax);
            foreach (var declaration in topLevel)
            {
                if (model.GetDeclaredSymbol(declaration) is not INamedTypeSymbol type)
                    continue;
                var isPublic = type.DeclaredAccessibility == Accessibility.Public;
                var expected = isPublic ? PublicNamespace : InternalNamespace(LayerOf(tree.FilePath));
                var actual = type.ContainingNamespace.ToDisplayString();
                if (actual != expected)
                    yield return $"{tree.FilePath}: {(isPublic ? "public" : "internal")} {type.Name} is in {actual}, not {expected}";
                // A partial type has one layer: that of its first part.
                var layer = DeclaringLayer(type);
                if (layer != LayerOf(tree.FilePath))
                    yield return $"{tree.FilePath}: a part of {type.Name}, which is in {layer}";
            }
        }
    }

    /// <summary>The layer of a library type: the top folder of the file that declares it; null for any other type.</summary>
    public static string? DeclaringLayer(INamedTypeSymbol type)
    {
        var location = type.OriginalDefinition.DeclaringSyntaxReferences.FirstOrDefault();
        return location is null || location.SyntaxTree.FilePath.Length == 0 ? null : LayerOf(location.SyntaxTree.FilePath);
    }

    private static IEnumerable<INamedTypeSymbol> Referenced(SemanticModel model, SyntaxNode node)
    {
        // The nodes that name a symbol, or reach one no name spells out: a target-typed new, an operator, an indexer,
        // a constructor's base call, a LINQ clause. A member access binds through its last name.
        if (node is not (SimpleNameSyntax or ImplicitObjectCreationExpressionSyntax or BinaryExpressionSyntax
            or PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax or AssignmentExpressionSyntax
            or ElementAccessExpressionSyntax or ConstructorInitializerSyntax or PrimaryConstructorBaseTypeSyntax
            or OrderingSyntax or QueryClauseSyntax or SelectOrGroupClauseSyntax or CastExpressionSyntax))
            return [];
        var symbols = new List<ISymbol>();
        var info = model.GetSymbolInfo(node);
        if (info.Symbol is { } symbol) symbols.Add(symbol);
        else symbols.AddRange(info.CandidateSymbols);
        symbols.AddRange(QueryMethods(model, node));
        return symbols.SelectMany(TypesOf);
    }

    // LINQ query clauses bind to Select/SelectMany/Where methods that no name in the source spells out.
    private static IEnumerable<ISymbol> QueryMethods(SemanticModel model, SyntaxNode node)
    {
        if (node is not QueryClauseSyntax clause) return [];
        var info = model.GetQueryClauseInfo(clause);
        return new[] { info.OperationInfo.Symbol, info.CastInfo.Symbol }.OfType<ISymbol>();
    }

    private static IEnumerable<INamedTypeSymbol> TypesOf(ISymbol symbol) => symbol switch
    {
        INamedTypeSymbol named => Named(named),
        IArrayTypeSymbol array => TypesOf(array.ElementType),
        IPointerTypeSymbol pointer => TypesOf(pointer.PointedAtType),
        IAliasSymbol alias => TypesOf(alias.Target),
        IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction } => [],
        IMethodSymbol method => (method.ReducedFrom ?? method).ContainingType is { } owner
            ? Named(owner).Concat(method.TypeArguments.SelectMany(TypesOf))
            : [],
        IPropertySymbol or IFieldSymbol or IEventSymbol => symbol.ContainingType is { } owner ? Named(owner) : [],
        _ => [],
    };

    private static IEnumerable<INamedTypeSymbol> Named(INamedTypeSymbol type) =>
        new[] { type.OriginalDefinition }.Concat(type.TypeArguments.SelectMany(TypesOf));

    private static CSharpCompilation Compile()
    {
        var trees = Directory.EnumerateFiles(LibraryDirectory, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(LibraryDirectory, path).Replace('\\', '/'))
            .Where(relative => !relative.StartsWith("obj/", StringComparison.Ordinal) && !relative.StartsWith("bin/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(relative => CSharpSyntaxTree.ParseText(
                File.ReadAllText(Path.Combine(LibraryDirectory, relative)), ParseOptions, relative))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, ParseOptions, ""));
        return CSharpCompilation.Create(
            "Bakong.Functional",
            trees,
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
    }

    /// <summary>Adds source files to the shared compilation, as if they were in the library at the given paths.</summary>
    public static (CSharpCompilation Compilation, ImmutableArray<SyntaxTree> Trees) With(params (string Path, string Source)[] files)
    {
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Source, ParseOptions, f.Path)).ToImmutableArray();
        return (Library.AddSyntaxTrees(trees), trees);
    }

    public static IEnumerable<SyntaxTree> LibraryTrees(CSharpCompilation compilation) =>
        compilation.SyntaxTrees.Where(t => t.FilePath.Length > 0);

    // The SDK's implicit usings for a library project (ImplicitUsings=enable in Directory.Build.props).
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    // The test host's own assemblies (runtime, LanguageExt, logging), without any compiled Bakong assembly.
    private static IEnumerable<MetadataReference> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => !Path.GetFileName(path).StartsWith("Bakong.", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Select(path => MetadataReference.CreateFromFile(path));

    private static string FindLibrary()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bakong.Functional.sln")))
                return Path.Combine(dir.FullName, "Bakong.Functional");
        }
        throw new InvalidOperationException("the repository root (Bakong.Functional.sln) is not above " + AppContext.BaseDirectory);
    }
}
