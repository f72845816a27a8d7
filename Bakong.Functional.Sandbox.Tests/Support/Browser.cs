using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Bakong.Functional.Sandbox.Tests.Support;

/// <summary>
/// One headless Debian Chromium for the browser tests, driven through Debian's chromedriver at fixed paths. Nothing is
/// downloaded: Selenium Manager is left out of the build and told to stay offline should anything look for it.
/// </summary>
public sealed class Browser : IDisposable
{
    /// <summary>Debian's packages <c>chromium</c> and <c>chromium-driver</c> install these.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string ChromedriverPath = "/usr/bin/chromedriver";

    private readonly ChromeDriver driver;

    public Browser()
    {
        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
        if (!File.Exists(ChromiumPath) || !File.Exists(ChromedriverPath))
            throw new InvalidOperationException(
                $"The browser tests need Debian's chromium and chromium-driver ({ChromiumPath}, {ChromedriverPath}): apt-get install chromium chromium-driver");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromedriverPath)!, Path.GetFileName(ChromedriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        // Root in a container needs --no-sandbox; a fixed window makes the screenshots comparable.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1400",
            "--disable-extensions", "--no-first-run", "--disable-background-networking", "--disable-component-update");
        driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(30));
    }

    public IWebDriver Driver => driver;

    /// <summary>Saves the page as a PNG under the test's output folder (<c>screenshots/</c>) and returns its path.</summary>
    public string Screenshot(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        // From the top, so the header is in the picture whatever anchor the last redirect scrolled to.
        driver.ExecuteScript("window.scrollTo(0, 0)");
        driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    public void Dispose() => driver.Quit();
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Browser>
{
    public const string Name = "browser";
}
