using Bakong.Functional.Cli;

return await BakongCli.RunAsync(args, CliHost.Console());
