using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Bakong.Functional.Cli.Tests;

/// <summary>A test that reads QR images with zbarimg (Debian's zbar-tools); skipped, saying so, where it is not installed.</summary>
public sealed class NeedsZbarimgFactAttribute : FactAttribute
{
    public NeedsZbarimgFactAttribute()
    {
        if (QrReading.Zbarimg is null)
            Skip = "zbarimg is not installed (apt-get install zbar-tools): the QR images cannot be read back";
    }
}

/// <summary>Reads the tool's QR output back into text: PNG files directly, SVG and terminal drawings through a bitmap.</summary>
public static partial class QrReading
{
    /// <summary>The zbarimg on the PATH, or null.</summary>
    public static string? Zbarimg { get; } =
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "zbarimg"))
            .FirstOrDefault(File.Exists);

    /// <summary>What zbarimg reads from the image file, as UTF-8 text without the final line break.</summary>
    public static string Read(string file)
    {
        var start = new ProcessStartInfo(Zbarimg!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--raw", "-q", file })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var text = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(30_000), "zbarimg did not finish");
        Assert.True(process.ExitCode == 0, $"zbarimg exit {process.ExitCode}: {stderr.Result}");
        return text.TrimEnd('\n');
    }

    /// <summary>Dark modules (true) drawn 4 pixels each into a plain PBM file, and read with zbarimg.</summary>
    public static string Read(bool[,] dark)
    {
        const int scale = 4;
        var (rows, columns) = (dark.GetLength(0), dark.GetLength(1));
        var pbm = new StringBuilder($"P1\n{columns * scale} {rows * scale}\n");
        for (var y = 0; y < rows * scale; y++)
        {
            for (var x = 0; x < columns * scale; x++)
                pbm.Append(dark[y / scale, x / scale] ? "1 " : "0 ");
            pbm.Append('\n');
        }
        var file = Path.Combine(Path.GetTempPath(), $"khqr-{Guid.NewGuid():N}.pbm");
        try
        {
            File.WriteAllText(file, pbm.ToString());
            return Read(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// The modules of a terminal drawing: two rows per line, <c>▀ ▄ █</c> drawing the lit halves. Lit modules are
    /// light unless <paramref name="darkOnLight"/>.
    /// </summary>
    public static bool[,] FromTerminal(string drawing, bool darkOnLight)
    {
        var lines = drawing.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var size = lines[0].Length;
        Assert.All(lines, l => Assert.Equal(size, l.Length));
        Assert.Equal((size + 1) / 2, lines.Length);
        var dark = new bool[size, size];
        for (var line = 0; line < lines.Length; line++)
            for (var x = 0; x < size; x++)
            {
                var c = lines[line][x];
                Assert.Contains(c, " ▀▄█");
                var (top, bottom) = (c is '█' or '▀', c is '█' or '▄');
                dark[2 * line, x] = top == darkOnLight;
                if (2 * line + 1 < size)
                    dark[2 * line + 1, x] = bottom == darkOnLight;
            }
        return dark;
    }

    /// <summary>The modules of an SVG made of one background rectangle and one path of unit-high runs.</summary>
    public static bool[,] FromSvg(string svg)
    {
        var document = System.Xml.Linq.XDocument.Parse(svg);
        var root = document.Root!;
        var box = root.Attribute("viewBox")!.Value.Split(' ').Select(int.Parse).ToArray();
        var dark = new bool[box[3], box[2]];
        var path = root.Elements().Single(e => e.Name.LocalName == "path");
        Assert.Equal("#000000", path.Attribute("fill")!.Value);
        var d = path.Attribute("d")!.Value;
        Assert.Equal("", Run().Replace(d, ""));
        var runs = Run().Matches(d);
        Assert.NotEmpty(runs);
        foreach (Match run in runs)
        {
            var (x, y, width) = (int.Parse(run.Groups[1].Value), int.Parse(run.Groups[2].Value), int.Parse(run.Groups[3].Value));
            for (var i = 0; i < width; i++)
                dark[y, x + i] = true;
        }
        return dark;
    }

    [GeneratedRegex(@"M(\d+) (\d+)h(\d+)v1h-\d+z")]
    private static partial Regex Run();
}
