#!/usr/bin/env bash
# Follows the README's Install section literally, outside the repository: packs the packages, makes new C# and F# apps
# in an empty temporary folder for net8.0 and net10.0, adds the packages from the local folder, and runs a payment check
# against the emulator served on 127.0.0.1 by a separate process. Then installs the bakong tool from the same folder
# (into a tool path of its own, so nothing global changes) and runs one check with it.
#   bash scripts/install-check.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/bakong-install.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Only the .NET 10 runtime may be installed; a net8.0 app then runs on it.
export DOTNET_ROLL_FORWARD=Major

# --- README: Install (1) pack, from the repository root
cd "$repo"
dotnet pack Bakong.Functional -c Release -o "$work/packages" -v q -nologo
dotnet pack Bakong.Functional.DependencyInjection -c Release -o "$work/packages" -v q -nologo

source "$repo/scripts/emulator-host.sh"
start_emulator_host

failed=0
for framework in net8.0 net10.0; do
  for language in C# F#; do
    app="$work/apps/shop-${framework}-${language/\#/sharp}"
    mkdir -p "$app" && cd "$app"
    # --- README: Install (2) a new app in an empty folder, the packages from the local folder
    dotnet new console --language "$language" --framework "$framework" -o . -v q > /dev/null 2>&1 \
      || { dotnet new console --language "$language" -o . > /dev/null && sed -i -E "s#<TargetFramework>[^<]+#<TargetFramework>$framework#" ./*.?sproj; }
    dotnet new nugetconfig > /dev/null
    dotnet nuget add source "$work/packages" --name bakong-local --configfile nuget.config > /dev/null
    dotnet add package Bakong.Functional > /dev/null
    if [ "$language" = "C#" ]; then
      cat > Program.cs <<'CS'
using Bakong.Functional;
using LanguageExt;

var client = new BakongClient(new HttpClient(), new BakongClientOptions
{
    BaseUrl = new Uri(args[0]),
    Token = AccessToken.From(args[1]).ToOption(),
});
Fin<Option<Transaction>> paid = await client.SendAsync(CheckTransactionByMd5.Create(args[2]).OrNone());
Console.WriteLine(paid.Match(
    Succ: found => found.Match(Some: t => $"paid {t.Amount} {t.Currency}", None: () => "not paid yet"),
    Fail: error => BakongError.From(error).Summary));
CS
    else
      # --- README: From F#, the F# package (packed once) and the README's program, as written
      ls "$work/packages"/Bakong.Functional.FSharp.*.nupkg > /dev/null 2>&1 \
        || dotnet pack "$repo/Bakong.Functional.FSharp" -c Release -o "$work/packages" -v q -nologo > /dev/null
      dotnet add package Bakong.Functional.FSharp > /dev/null
      cp "$repo/Bakong.Functional.FSharp.Tests/Readme/Program.fs" Program.fs
    fi
    answer=$(dotnet run -- "$url" "$token" "$md5" 2>&1 | tail -1)
    if [ "$answer" = "paid 1.50 USD" ]; then
      echo "install check $framework $language: ok ($answer)"
    else
      echo "install check $framework $language: FAILED: $answer"
      failed=$((failed + 1))
    fi
  done
done
# --- README: Install the bakong tool
cd "$repo"
dotnet pack Bakong.Functional.Testing -c Release -o "$work/packages" -v q -nologo > /dev/null
dotnet pack Bakong.Functional.Cli -c Release -o "$work/packages" -v q -nologo > /dev/null
dotnet tool install Bakong.Functional.Cli --tool-path "$work/tools" --add-source "$work/packages" > /dev/null
answer=$("$work/tools/bakong" transaction md5 "$md5" --base-url "$url" --token "$token" --json 2>&1 || true)
if printf '%s' "$answer" | grep -q '"amount": *1.5'; then
  echo "install check: bakong tool ok"
else
  echo "install check: bakong tool FAILED: $answer"
  failed=$((failed + 1))
fi
exit "$failed"
