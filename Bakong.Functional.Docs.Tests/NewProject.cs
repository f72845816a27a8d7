using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Bakong.Functional.Docs.Tests;

/// <summary>
/// Compiles a block as the only source file of a new project (<c>dotnet new console</c>, <c>web</c> or <c>xunit</c>) that
/// added the packages of the README's Install section: the template's implicit usings, nullable on, top-level statements,
/// and references to the framework and to those packages with their dependencies, nothing else.
/// </summary>
internal static class NewProject
{
    private static readonly string[] ConsoleUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static readonly string[] WebUsings =
        [.. ConsoleUsings, "System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http",
         "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
         "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging"];

    // What this test project brings along that a user's project would not have.
    private static readonly string[] TestOnly = ["xunit", "Microsoft.CodeAnalysis", "Microsoft.TestPlatform", "Microsoft.VisualStudio", "testhost", "Bakong.Functional.Docs.Tests"];

    private static readonly Lazy<ImmutableArray<string>> Trusted = new(() =>
        [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)]);

    private static readonly Dictionary<DocBlock.ProjectKind, Lazy<ImmutableArray<MetadataReference>>> References = new()
    {
        [DocBlock.ProjectKind.Console] = new(() => Build(web: false, xunit: false)),
        [DocBlock.ProjectKind.Web] = new(() => Build(web: true, xunit: false)),
        [DocBlock.ProjectKind.Xunit] = new(() => Build(web: false, xunit: true)),
    };

    // A block that names the OpenTelemetry packages it adds gets them too, and no other block does.
    private static readonly Lazy<ImmutableArray<MetadataReference>> WebWithOpenTelemetry = new(() => Build(web: true, xunit: false, openTelemetry: true));

    /// <summary>The errors of compiling <paramref name="block"/>, each with its line in the Markdown file.</summary>
    public static IReadOnlyList<string> Errors(DocBlock block)
    {
        var kind = block.Kind;
        var usings = string.Concat((kind == DocBlock.ProjectKind.Web ? WebUsings : ConsoleUsings).Select(u => $"global using global::{u};\n"))
            + (kind == DocBlock.ProjectKind.Xunit ? "global using global::Xunit;\n" : "");
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create(
            "MyShop",
            [CSharpSyntaxTree.ParseText(usings, parse, "GlobalUsings.g.cs"), CSharpSyntaxTree.ParseText(block.Code, parse, "Program.cs")],
            kind == DocBlock.ProjectKind.Web && block.Code.Contains("dotnet add package OpenTelemetry", StringComparison.Ordinal)
                ? WebWithOpenTelemetry.Value
                : References[kind].Value,
            new CSharpCompilationOptions(
                kind == DocBlock.ProjectKind.Xunit ? OutputKind.DynamicallyLinkedLibrary : OutputKind.ConsoleApplication,
                nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{block.File}:{block.Line + 1 + d.Location.GetLineSpan().StartLinePosition.Line}: {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
            .ToList();
    }

    private static ImmutableArray<MetadataReference> Build(bool web, bool xunit, bool openTelemetry = false)
    {
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var aspnet = Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Builder.WebApplication).Assembly.Location)!;
        var app = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
        bool Wanted(string path)
        {
            var dir = Path.GetDirectoryName(path)!;
            var name = Path.GetFileNameWithoutExtension(path);
            if (dir == framework)
                return true;
            // A console app gets the Microsoft.Extensions packages the Bakong packages depend on from NuGet; this test
            // project gets the same assemblies from the ASP.NET Core framework instead.
            if (dir == aspnet)
                return web || name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal);
            if (dir != app)
                return false;
            if (name.StartsWith("OpenTelemetry", StringComparison.Ordinal))
                return openTelemetry;
            return name.StartsWith("xunit", StringComparison.Ordinal)
                ? xunit && name is "xunit.assert" or "xunit.core" or "xunit.abstractions"
                : !TestOnly.Any(t => name.StartsWith(t, StringComparison.Ordinal));
        }
        // One file per assembly name; the shared framework's copy wins over a package's, as the SDK resolves it.
        return [.. Trusted.Value
            .Where(Wanted)
            .OrderBy(p => Path.GetDirectoryName(p) == app ? 1 : 0)
            .DistinctBy(p => Path.GetFileName(p), StringComparer.OrdinalIgnoreCase)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }
}
