using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Bakong.Functional.Tests.Json;

/// <summary>A new public type that carries an <c>Option</c> cannot ship without its web JSON converter.</summary>
public class WebJsonCoverageTests
{
    // Public types that carry an Option but are never a web API's answer, each with the reason.
    private static readonly Dictionary<Type, string> NotWebAnswers = new()
    {
        [typeof(AccessToken)] = "a secret: a web API never returns it",
        [typeof(BakongResponse)] = "the raw HTTP answer inside the client's pipeline",
        [typeof(KhqrRequest)] = "the input Khqr.Encode takes, built in code; its result KhqrCode has a converter",
        [typeof(RenewingAccessTokenSource)] = "a service, not data",
    };

    private static readonly JsonSerializerOptions Reflection = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    private static bool CarriesOption(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Any(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(Option<>));

    // A converter named by the type's own attribute: System.Text.Json then writes it as the converter says (Kind None).
    private static bool HasConverter(Type type) =>
        type.GetCustomAttribute<System.Text.Json.Serialization.JsonConverterAttribute>(inherit: false) is not null
        && Reflection.GetTypeInfo(type).Kind == JsonTypeInfoKind.None;

    private static IEnumerable<Type> PublicData() => typeof(Transaction).Assembly.GetExportedTypes()
        .Where(t => t is { IsInterface: false, IsEnum: false, IsGenericTypeDefinition: false } && !(t.IsAbstract && t.IsSealed) && !typeof(Delegate).IsAssignableFrom(t));

    [Fact]
    public void Every_public_type_that_carries_an_option_has_a_web_json_converter()
    {
        var missing = PublicData()
            .Where(t => CarriesOption(t) && !NotWebAnswers.ContainsKey(t) && !HasConverter(t))
            .Select(t => t.FullName)
            .ToList();

        Assert.True(missing.Count == 0, "no web JSON converter: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_case_of_a_converted_type_has_the_converter_too_as_a_web_app_writes_the_runtime_case()
    {
        var missing = PublicData()
            .Where(t => !HasConverter(t) && Bases(t).Any(HasConverter))
            .Select(t => t.FullName)
            .ToList();

        Assert.True(missing.Count == 0, "a case without its base's converter: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_exempt_types_still_carry_an_option_and_have_no_converter()
    {
        foreach (var type in NotWebAnswers.Keys)
            Assert.True(CarriesOption(type) && !HasConverter(type), type.Name);
    }

    private static IEnumerable<Type> Bases(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
            yield return t;
    }
}
