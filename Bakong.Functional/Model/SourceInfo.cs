namespace Bakong.Functional;

/// <summary>Your app, shown by the Bakong wallet when it opens a deep link, and where it returns after payment.</summary>
/// <param name="AppIconUrl">An absolute https URL of your app icon.</param>
/// <param name="AppName">Your app's name.</param>
/// <param name="AppDeepLinkCallback">An absolute URI that opens your app after payment, such as <c>myapp://paid</c>.</param>
public sealed record SourceInfo(string AppIconUrl, string AppName, string AppDeepLinkCallback);
