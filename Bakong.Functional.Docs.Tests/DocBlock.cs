using System.Text.RegularExpressions;

namespace Bakong.Functional.Docs.Tests;

/// <summary>One fenced C# block of a Markdown file, where it starts, and the kind of new project it belongs in.</summary>
public sealed record DocBlock(string File, int Line, string Code)
{
    /// <summary>A new project of the kind the block needs, as <c>dotnet new</c> makes it.</summary>
    public enum ProjectKind { Console, Web, Xunit }

    // The web template's program builds a WebApplication; a test block is a test class, as in `dotnet new xunit`.
    public ProjectKind Kind =>
        Regex.IsMatch(Code, @"^using Xunit;|^\s*\[(Fact|Theory)\]", RegexOptions.Multiline) ? ProjectKind.Xunit
        : Code.Contains("WebApplication", StringComparison.Ordinal) ? ProjectKind.Web
        : ProjectKind.Console;

    /// <summary>How a theory names it: <c>README.md:70</c>.</summary>
    public override string ToString() => $"{File}:{Line}";

    /// <summary>The repository's root, found upwards from the test's folder.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The Markdown a user reads: the README, every guide under docs/, and each package's README.</summary>
    public static IEnumerable<string> Documents() =>
        new[] { "README.md" }
            .Concat(Directory.Exists(Path.Combine(Root, "docs"))
                ? Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Root, f))
                : [])
            .Concat(Directory.EnumerateDirectories(Root, "Bakong.Functional*")
                .Select(d => Path.Combine(Path.GetFileName(d), "README.md"))
                .Where(f => System.IO.File.Exists(Path.Combine(Root, f))))
            .Select(f => f.Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    /// <summary>Every <c>```csharp</c> block of <paramref name="file"/>, numbered by the line of its opening fence.</summary>
    public static IEnumerable<DocBlock> In(string file)
    {
        var lines = System.IO.File.ReadAllLines(Path.Combine(Root, file));
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = lines[i].Trim();
            if (fence is not ("```csharp" or "```cs" or "```c#"))
                continue;
            var start = i;
            var code = new List<string>();
            while (++i < lines.Length && lines[i].Trim() != "```")
                code.Add(lines[i]);
            yield return new DocBlock(file, start + 1, string.Join('\n', code));
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Bakong.Functional.sln")))
                return dir.FullName;
        throw new InvalidOperationException("the repository root (Bakong.Functional.sln) is not above " + AppContext.BaseDirectory);
    }
}
