using System.Text.RegularExpressions;
using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Design;

/// <summary>
/// Input is checked one way: with the library's <c>Validator</c>, which collects every bad field in order. A file that
/// gathers <see cref="FieldError"/>s into a list of its own, or folds another check's failure in with <c>IfFail</c>,
/// is a second way.
/// </summary>
public sealed partial class OneWayToValidateTests
{
    [GeneratedRegex(@"List<FieldError>|Seq<FieldError>\.Empty|IfFail\(\s*\w+\s*=>\s*errors\b|class\s+Found\b")]
    private static partial Regex OwnCollection();

    [Fact]
    public void Only_the_validator_collects_bad_fields()
    {
        var others = Repository.LibrarySources()
            .Where(f => OwnCollection().IsMatch(File.ReadAllText(f)))
            .Select(Repository.InLibrary)
            // The validator itself, and the money rules it reads (a rule returns its problems).
            .Except(["Requests/Validator.cs", "Requests/MoneyRules.cs"], StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Empty(others);
    }
}
