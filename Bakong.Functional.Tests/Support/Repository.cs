namespace Bakong.Functional.Tests.Support;

/// <summary>The repository's own files, for tests that read the library's sources.</summary>
public static class Repository
{
    /// <summary>The folder holding Bakong.Functional.sln, found upwards from the test's output folder.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The library's folder.</summary>
    public static string Library => Path.Combine(Root, "Bakong.Functional");

    /// <summary>Every C# source of the library (build output left out), as full paths.</summary>
    public static IEnumerable<string> LibrarySources() =>
        Directory.EnumerateFiles(Library, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    /// <summary>A library path as written in tests: relative to the library folder, with forward slashes.</summary>
    public static string InLibrary(string path) => Path.GetRelativePath(Library, path).Replace(Path.DirectorySeparatorChar, '/');

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Bakong.Functional.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Bakong.Functional.sln not found above " + AppContext.BaseDirectory);
    }
}
