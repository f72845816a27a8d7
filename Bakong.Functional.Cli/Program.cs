using Bakong.Functional.Cli;

// The QR is drawn with half blocks, which a Windows console shows only in UTF-8.
if (OperatingSystem.IsWindows())
    Console.OutputEncoding = System.Text.Encoding.UTF8;

return await BakongCli.RunAsync(args, CliHost.Console());
