namespace Bakong.Functional.Docs.Tests;

/// <summary>
/// Every C# block of the README, the guides under docs/ and the package READMEs compiles as written, alone, as the
/// Program.cs (or test file) of a new project with only the packages the Install section adds.
/// </summary>
public class DocBlockTests
{
    public static TheoryData<string> Blocks()
    {
        var data = new TheoryData<string>();
        foreach (var block in DocBlock.Documents().SelectMany(DocBlock.In))
            data.Add(block.ToString());
        return data;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Each_csharp_block_compiles_alone_in_a_new_project(string where)
    {
        var block = DocBlock.Documents().SelectMany(DocBlock.In).Single(b => b.ToString() == where);

        var errors = NewProject.Errors(block);

        Assert.True(errors.Count == 0, $"{where} ({block.Kind} project) does not compile as written:\n{string.Join('\n', errors)}");
    }

    [Fact]
    public void The_readme_has_csharp_blocks_to_check()
    {
        Assert.True(DocBlock.In("README.md").Count() >= 5);   // the README keeps one short example per use; the rest live in docs/
    }
}
