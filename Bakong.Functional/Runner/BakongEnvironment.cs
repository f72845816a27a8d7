namespace Bakong.Functional;

/// <summary>The Bakong Open API hosts. Tokens are issued per host.</summary>
public static class BakongEnvironment
{
    /// <summary>Production. It reportedly answers only callers in Cambodia; elsewhere it returns an HTML 403 (<see cref="BakongError.Blocked"/>).</summary>
    public static Uri Production { get; } = new("https://api-bakong.nbc.gov.kh");

    /// <summary>SIT, the test host.</summary>
    public static Uri Sit { get; } = new("https://sit-api-bakong.nbc.gov.kh");
}
