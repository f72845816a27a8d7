namespace Bakong.Functional;

/// <summary>The currencies Bakong settles in.</summary>
public enum Currency
{
    /// <summary>United States dollar.</summary>
    USD,
    /// <summary>Cambodian riel.</summary>
    KHR,
}
